using System.Text.Json.Nodes;
using Clusternet.Known;
using Clusternet.Runtime.Hub.Shadow;
using Clusternet.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

/// <summary>Upstream's example applications, written with ordinary typed KubernetesClient calls redirected by ForShadow.</summary>
[Collection(ShadowCollection.Name)]
public sealed class ShadowExampleTests(ShadowFixture fixture)
{
    [UpstreamTheory]
    [InlineData("replication-scheduling")]
    [InlineData("dynamic-dividing-scheduling")]
    [InlineData("static-dividing-scheduling")]
    [InlineData("scheduling-group")]
    [InlineData("fieldpatch")]
    [InlineData("scheduling-with-nfd/day1")]
    [InlineData("scheduling-with-mcs-api/scheduling")]
    public async Task An_upstream_example_becomes_manifests_and_reads_back_as_written(string folder)
    {
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
                var written = await CreateAsync(document);
                var plural = document["kind"]!.GetValue<string>().ToLowerInvariant() + "s";
                var ns = document["metadata"]!["namespace"]?.GetValue<string>();
                var manifest = await fixture.Manifests.GetAsync(ns is null ? $"{plural}.{Name(document)}" : $"{plural}.{ns}.{Name(document)}");
                var read = JsonNode.Parse(KubernetesJson.Serialize(await ReadAsync(document)))!;

                Assert.Equal(document["kind"]!.GetValue<string>(), manifest.Metadata.Labels[ClusternetLabels.ConfigKind]);
                Assert.Equal(Name(document), manifest.Metadata.Labels[ClusternetLabels.ConfigName]);
                Assert.Equal(ns ?? "", manifest.Metadata.Labels[ClusternetLabels.ConfigNamespace]);
                JsonSubset.AssertContains(document, read, "");
                if (written)
                {
                    created.Add(document);
                }
            }
        }
        finally
        {
            foreach (var document in Enumerable.Reverse(created))
            {
                await DeleteAsync(document);
            }
        }
    }

    private static string Name(JsonNode document) => document["metadata"]!["name"]!.GetValue<string>();

    private async Task<bool> CreateAsync(JsonObject document)
    {
        var json = document.ToJsonString();
        var ns = document["metadata"]!["namespace"]?.GetValue<string>();
        try
        {
            switch (document["kind"]!.GetValue<string>())
            {
                case "Namespace":
                    await fixture.Shadow.CoreV1.CreateNamespaceAsync(KubernetesJson.Deserialize<V1Namespace>(json));
                    break;
                case "Service":
                    await fixture.Shadow.CoreV1.CreateNamespacedServiceAsync(KubernetesJson.Deserialize<V1Service>(json), ns);
                    break;
                default:
                    await fixture.Shadow.AppsV1.CreateNamespacedDeploymentAsync(KubernetesJson.Deserialize<V1Deployment>(json), ns);
                    break;
            }

            return true;
        }
        catch (HttpOperationException failure) when (failure.Response.StatusCode == System.Net.HttpStatusCode.Conflict && document["kind"]!.GetValue<string>() == "Namespace")
        {
            // Several examples share a namespace; one document creates it.
            return false;
        }
    }

    private async Task<object> ReadAsync(JsonObject document)
    {
        var ns = document["metadata"]!["namespace"]?.GetValue<string>();
        return document["kind"]!.GetValue<string>() switch
        {
            "Namespace" => await fixture.Shadow.CoreV1.ReadNamespaceAsync(Name(document)),
            "Service" => await fixture.Shadow.CoreV1.ReadNamespacedServiceAsync(Name(document), ns),
            _ => await fixture.Shadow.AppsV1.ReadNamespacedDeploymentAsync(Name(document), ns),
        };
    }

    private async Task DeleteAsync(JsonObject document)
    {
        var ns = document["metadata"]!["namespace"]?.GetValue<string>();
        object deleted = document["kind"]!.GetValue<string>() switch
        {
            "Namespace" => await fixture.Shadow.CoreV1.DeleteNamespaceAsync(Name(document)),
            "Service" => await fixture.Shadow.CoreV1.DeleteNamespacedServiceAsync(Name(document), ns),
            _ => await fixture.Shadow.AppsV1.DeleteNamespacedDeploymentAsync(Name(document), ns),
        };
        Assert.NotNull(deleted);
    }
}
