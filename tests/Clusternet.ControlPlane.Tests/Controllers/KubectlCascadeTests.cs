using Clusternet.ControlPlane.Tests.Hosting.Kubectl;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Controllers;

public sealed class KubectlCascadeTests(KubectlPlanes planes) : IClassFixture<KubectlPlanes>
{
    [KubectlFact]
    public async Task DeleteNamespaceWaitFinishes()
    {
        var kubectl = await planes.ForMinorAsync("32");
        var ns = await kubectl.NamespaceAsync("gone");
        await kubectl.SucceedAsync("create", "configmap", "cm", "-n", ns, "--from-literal=a=b");

        await kubectl.SucceedAsync("delete", "namespace", ns, "--wait", "--timeout=60s");

        var (code, output) = await kubectl.RunAsync("get", "namespace", ns);
        Assert.NotEqual(0, code);
        Assert.Contains("NotFound", output, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [InlineData("foreground")]
    [InlineData("background")]
    public async Task CascadingDeleteRemovesTheReplicaSet(string cascade)
    {
        var kubectl = await planes.ForMinorAsync("32");
        using var client = new Kubernetes(kubectl.Plane.CreateAdminConfiguration());
        var ns = await kubectl.NamespaceAsync("cascade");
        var deployment = await client.AppsV1.CreateNamespacedDeploymentAsync(ControllerObjects.Deployment("web"), ns);
        await client.AppsV1.CreateNamespacedReplicaSetAsync(ControllerObjects.OwnedReplicaSet(deployment), ns);

        await kubectl.SucceedAsync("delete", "deployment", "web", "-n", ns, "--cascade=" + cascade, "--wait", "--timeout=60s");

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => client.AppsV1.ReadNamespacedReplicaSetAsync("web-rs", ns)), "the replica set to go");
    }

    [KubectlFact]
    public async Task OrphanCascadeKeepsTheReplicaSet()
    {
        var kubectl = await planes.ForMinorAsync("32");
        using var client = new Kubernetes(kubectl.Plane.CreateAdminConfiguration());
        var ns = await kubectl.NamespaceAsync("orphan");
        var deployment = await client.AppsV1.CreateNamespacedDeploymentAsync(ControllerObjects.Deployment("web"), ns);
        await client.AppsV1.CreateNamespacedReplicaSetAsync(ControllerObjects.OwnedReplicaSet(deployment), ns);

        await kubectl.SucceedAsync("delete", "deployment", "web", "-n", ns, "--cascade=orphan", "--wait", "--timeout=60s");

        var rs = await client.AppsV1.ReadNamespacedReplicaSetAsync("web-rs", ns);
        Assert.Null(rs.Metadata.OwnerReferences);
    }
}
