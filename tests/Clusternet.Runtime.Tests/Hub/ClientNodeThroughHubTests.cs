using Clusternet.Redirection;
using Clusternet.Runtime.Tests.Hub.Support;
using Clusternet.Testing;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>
/// @kubernetes/client-node, with a kubeconfig from <see cref="ChildKubeconfig"/>, works on the child through
/// parent → aggregator → hub → tunnel: get, create, merge patch, replace, watch and delete (Hub/ClientNode/through-hub.mjs).
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ClientNodeThroughHubTests(HubFixture hub) : IDisposable
{
    private static readonly string Script = Path.Combine(RepositoryPaths.Root, "tests", "Clusternet.Runtime.Tests", "Hub", "ClientNode", "through-hub.mjs");

    private static readonly string[] Checks =
    [
        "get-namespaces", "get-configmaps", "create-configmap", "watch-sees-create", "patch-configmap", "replace-configmap",
        "watch-sees-updates", "delete-configmap", "watch-sees-delete",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("hub-clientnode-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [HubNodeFact]
    public async Task GetCreatePatchWatchAndDeleteReachTheChild()
    {
        var parentPath = Path.Combine(_directory, "parent.kubeconfig");
        var childPath = Path.Combine(_directory, "child.kubeconfig");
        await hub.Parent.WriteKubeconfigAsync(parentPath);
        await ChildKubeconfig.WriteAsync(parentPath, hub.ClusterId, childPath);

        // The namespace and its "seeded" ConfigMap exist only in the child: seeing them proves the script reached it.
        var ns = "clientnode-" + Guid.NewGuid().ToString("N")[..6];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await hub.ChildAdmin.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "seeded" }, Data = new Dictionary<string, string> { ["origin"] = "child" } }, ns);

        var (code, output) = await HubNode.RunScriptAsync(Script, TimeSpan.FromSeconds(120), childPath, ns);

        Assert.True(code == 0, $"through-hub.mjs exited {code}:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.All(Checks, check => Assert.True(lines.Contains("ok " + check), $"no \"ok {check}\" line:\n{output}"));

        // From the child's side: the ConfigMap the script created, patched and replaced is there, with the same uid.
        var kept = await hub.ChildAdmin.CoreV1.ReadNamespacedConfigMapAsync("kept", ns);
        Assert.Equal("uid kept " + kept.Metadata.Uid, lines.Single(l => l.StartsWith("uid kept ", StringComparison.Ordinal)));
        Assert.Equal("replaced", kept.Data["stage"]);
        Assert.Equal("yes", kept.Data["patched"]);
        var dropped = await Assert.ThrowsAsync<HttpOperationException>(() => hub.ChildAdmin.CoreV1.ReadNamespacedConfigMapAsync("dropped", ns));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, dropped.Response.StatusCode);

        // And none of it landed in the parent.
        var inParent = await hub.ParentAdmin.CoreV1.ListNamespaceAsync();
        Assert.DoesNotContain(inParent.Items, n => n.Metadata.Name == ns);
    }
}
