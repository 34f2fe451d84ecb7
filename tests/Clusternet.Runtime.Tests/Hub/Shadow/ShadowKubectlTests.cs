using System.Text.Json.Nodes;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Hub.Shadow;
using Clusternet.Runtime.Tests.Hub.Support;
using Clusternet.Testing;
using k8s;
using k8s.Autorest;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

/// <summary>
/// Upstream's example applications written to the shadow path with plain kubectl. kubectl cannot rewrite paths (upstream's
/// <c>kubectl clusternet</c> plugin embeds the client wrapper), so it uses its raw verbs against
/// <c>/apis/shadow/v1alpha1/...</c>: <c>create --raw</c> (POST, one JSON document), <c>get --raw</c>, <c>delete --raw</c>.
/// </summary>
[Collection(ShadowCollection.Name)]
public sealed class ShadowKubectlTests(ShadowFixture fixture) : IDisposable
{
    private const string ShadowRoot = "/apis/shadow/v1alpha1";

    private readonly string _directory = Directory.CreateTempSubdirectory("shadow-kubectl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [ShadowKubectlTheory]
    [InlineData("replication-scheduling")]
    [InlineData("dynamic-dividing-scheduling")]
    [InlineData("static-dividing-scheduling")]
    [InlineData("scheduling-group")]
    [InlineData("fieldpatch")]
    [InlineData("scheduling-with-nfd/day1")]
    [InlineData("scheduling-with-mcs-api/scheduling")]
    public async Task An_upstream_example_created_with_kubectl_becomes_manifests_reads_back_as_written_and_deletes(string folder)
    {
        var kubeconfig = await WriteKubeconfigAsync();
        var documents = Directory.GetFiles(Path.Combine(RepositoryPaths.UpstreamExamples!, folder), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadAllText(file).Split("\n---", StringSplitOptions.RemoveEmptyEntries))
            .Select(ShadowBodies.FromYaml)
            .OfType<JsonObject>()
            .Where(d => (d["apiVersion"]?.GetValue<string>(), d["kind"]?.GetValue<string>()) is ("v1", "Namespace") or ("v1", "Service") or ("apps/v1", "Deployment"))
            .ToList();
        Assert.NotEmpty(documents);
        var created = new List<JsonObject>();
        try
        {
            foreach (var document in documents)
            {
                var (code, output) = await HubKubectl.RunWithInputAsync(document.ToJsonString(), "--kubeconfig", kubeconfig, "create", "--raw", CollectionPath(document), "-f", "-");
                if (code != 0 && Kind(document) == "Namespace" && output.Contains("AlreadyExists", StringComparison.Ordinal))
                {
                    // Several examples share a namespace; one document creates it.
                }
                else
                {
                    Assert.True(code == 0, $"kubectl create --raw {CollectionPath(document)} exited {code}:\n{output}");
                    created.Add(document);
                }

                var ns = Namespace(document);
                var manifest = await fixture.Manifests.GetAsync(ns is null ? $"{Plural(document)}.{Name(document)}" : $"{Plural(document)}.{ns}.{Name(document)}");
                Assert.Equal(Kind(document), manifest.Metadata.Labels[ClusternetLabels.ConfigKind]);
                Assert.Equal(Name(document), manifest.Metadata.Labels[ClusternetLabels.ConfigName]);
                Assert.Equal(ns ?? "", manifest.Metadata.Labels[ClusternetLabels.ConfigNamespace]);

                (code, output) = await HubKubectl.RunAsync("--kubeconfig", kubeconfig, "get", "--raw", ObjectPath(document));
                Assert.True(code == 0, $"kubectl get --raw {ObjectPath(document)} exited {code}:\n{output}");
                JsonSubset.AssertContains(document, JsonNode.Parse(output), "");

                if (Kind(document) == "Deployment")
                {
                    // A template, not a workload: the parent has no such Deployment.
                    var missing = await Assert.ThrowsAsync<HttpOperationException>(() => fixture.Parent.AppsV1.ReadNamespacedDeploymentAsync(Name(document), ns));
                    Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.Response.StatusCode);
                }
            }
        }
        finally
        {
            foreach (var document in Enumerable.Reverse(created))
            {
                var (code, output) = await HubKubectl.RunAsync("--kubeconfig", kubeconfig, "delete", "--raw", ObjectPath(document));
                Assert.True(code == 0, $"kubectl delete --raw {ObjectPath(document)} exited {code}:\n{output}");
            }
        }

        foreach (var document in created)
        {
            var ns = Namespace(document);
            await Assert.ThrowsAsync<NotFoundException>(() => fixture.Manifests.GetAsync(ns is null ? $"{Plural(document)}.{Name(document)}" : $"{Plural(document)}.{ns}.{Name(document)}"));
        }
    }

    /// <summary>
    /// The fixture's shadow API authenticates no one (the hub does that in front of it); the token is there only because
    /// kubectl prompts for a user name and password when a kubeconfig user has no credentials at all.
    /// </summary>
    private async Task<string> WriteKubeconfigAsync()
    {
        var path = Path.Combine(_directory, "shadow.kubeconfig");
        await File.WriteAllTextAsync(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: shadow
              cluster:
                server: {{fixture.Address.ToString().TrimEnd('/')}}
                insecure-skip-tls-verify: true
            users:
            - name: anonymous
              user:
                token: unused
            contexts:
            - name: shadow
              context:
                cluster: shadow
                user: anonymous
            current-context: shadow
            """);
        return path;
    }

    private static string Kind(JsonNode document) => document["kind"]!.GetValue<string>();

    private static string Name(JsonNode document) => document["metadata"]!["name"]!.GetValue<string>();

    private static string? Namespace(JsonNode document) => document["metadata"]!["namespace"]?.GetValue<string>();

    private static string Plural(JsonNode document) => Kind(document).ToLowerInvariant() + "s";

    private static string CollectionPath(JsonNode document) =>
        Namespace(document) is { } ns ? $"{ShadowRoot}/namespaces/{ns}/{Plural(document)}" : $"{ShadowRoot}/{Plural(document)}";

    private static string ObjectPath(JsonNode document) => CollectionPath(document) + "/" + Name(document);
}

/// <summary>A theory that needs both upstream's examples and kubectl on PATH; skipped with the reason otherwise.</summary>
internal sealed class ShadowKubectlTheoryAttribute : TheoryAttribute
{
    public ShadowKubectlTheoryAttribute()
    {
        if (RepositoryPaths.Shared is null)
        {
            Skip = RepositoryPaths.SharedMissingReason;
        }
        else if (HubKubectl.Executable is null)
        {
            Skip = "kubectl is not on PATH";
        }
    }
}
