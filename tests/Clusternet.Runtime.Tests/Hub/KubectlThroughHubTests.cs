using Clusternet.Redirection;
using Clusternet.Runtime.Tests.Hub.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>kubectl, with a kubeconfig from <see cref="ChildKubeconfig"/>, works on the child through parent → hub → tunnel.</summary>
[Collection(HubCollection.Name)]
public sealed class KubectlThroughHubTests(HubFixture hub) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-kubectl-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [HubKubectlFact]
    public async Task GetApplyWatchAndDeleteReachTheChild()
    {
        var parentPath = Path.Combine(_directory, "parent.kubeconfig");
        var childPath = Path.Combine(_directory, "child.kubeconfig");
        await hub.Parent.WriteKubeconfigAsync(parentPath);
        await ChildKubeconfig.WriteAsync(parentPath, hub.ClusterId, childPath);
        var ns = "kubectl-" + Guid.NewGuid().ToString("N")[..6];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });

        // The namespace exists only in the child.
        var (code, output) = await HubKubectl.RunAsync("--kubeconfig", childPath, "get", "namespace", ns, "-o", "name");
        Assert.True(code == 0, output);
        Assert.Contains("namespace/" + ns, output, StringComparison.Ordinal);

        await using var watch = HubKubectl.Start("--kubeconfig", childPath, "get", "configmaps", "-n", ns, "-w", "--output-watch-events");
        var manifest = $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\n  namespace: {ns}\ndata:\n  k: v\n";
        (code, output) = await HubKubectl.RunWithInputAsync(manifest, "--kubeconfig", childPath, "apply", "-f", "-");
        Assert.True(code == 0, output);
        Assert.Contains("configmap/applied created", output, StringComparison.Ordinal);
        await watch.ReadLineContainingAsync("applied");
        Assert.Equal("v", (await hub.ChildAdmin.CoreV1.ReadNamespacedConfigMapAsync("applied", ns)).Data["k"]);

        (code, output) = await HubKubectl.RunAsync("--kubeconfig", childPath, "delete", "configmap", "applied", "-n", ns);
        Assert.True(code == 0, output);
        Assert.Contains("deleted", output, StringComparison.Ordinal);
        await watch.ReadLineContainingAsync("DELETED");
    }
}
