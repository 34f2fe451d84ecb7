using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Controllers;

public sealed class GarbageCollectorTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task BackgroundDeletionDeletesTheDependentsAfterTheOwner()
    {
        var (ns, deployment) = await DeploymentWithReplicaSetAsync("bg");

        await server.Client.AppsV1.DeleteNamespacedDeploymentAsync(deployment.Metadata.Name, ns, propagationPolicy: "Background");

        Assert.True(await ControllerObjects.GoneAsync(() => server.Client.AppsV1.ReadNamespacedDeploymentAsync("bg", ns)));
        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.AppsV1.ReadNamespacedReplicaSetAsync("bg-rs", ns)), "the replica set to go");
    }

    [Fact]
    public async Task ForegroundDeletionKeepsTheOwnerUntilTheBlockingDependentsAreGone()
    {
        var (ns, deployment) = await DeploymentWithReplicaSetAsync("fg");
        var rs = await server.Client.AppsV1.ReadNamespacedReplicaSetAsync("fg-rs", ns);
        rs.Metadata.Finalizers = ["example.com/hold"];
        await server.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(rs, "fg-rs", ns);

        await server.Client.AppsV1.DeleteNamespacedDeploymentAsync("fg", ns, propagationPolicy: "Foreground");

        var owner = await server.Client.AppsV1.ReadNamespacedDeploymentAsync("fg", ns);
        Assert.Contains("foregroundDeletion", owner.Metadata.Finalizers);
        Assert.NotNull(owner.Metadata.DeletionTimestamp);
        await Eventually.ValueAsync(async () => (await server.Client.AppsV1.ReadNamespacedReplicaSetAsync("fg-rs", ns)).Metadata.DeletionTimestamp is null ? null : "deleting", "the replica set to be deleted");
        Assert.NotNull(await server.Client.AppsV1.ReadNamespacedDeploymentAsync("fg", ns));

        await server.Client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "fg-rs", ns);

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.AppsV1.ReadNamespacedDeploymentAsync("fg", ns)), "the deployment to go");
    }

    [Fact]
    public async Task OrphanDeletionKeepsTheDependentsWithoutTheOwnerReference()
    {
        var (ns, _) = await DeploymentWithReplicaSetAsync("or");

        await server.Client.AppsV1.DeleteNamespacedDeploymentAsync("or", ns, propagationPolicy: "Orphan");

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.AppsV1.ReadNamespacedDeploymentAsync("or", ns)), "the deployment to go");
        var rs = await server.Client.AppsV1.ReadNamespacedReplicaSetAsync("or-rs", ns);
        Assert.Null(rs.Metadata.OwnerReferences);
    }

    [Fact]
    public async Task ADeleteWithOrphanPolicyAddsTheOrphanFinalizer()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "o", Finalizers = ["example.com/hold"] } }, ns);

        // The collector drops the finalizer at once (nothing depends on the object), so look at the DELETE's answer.
        var (code, marked) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/o", """{"propagationPolicy":"Orphan"}""");

        Assert.Equal(200, code);
        Assert.Equal(["example.com/hold", "orphan"], marked["metadata"]!["finalizers"]!.AsArray().Select(f => (string?)f));
    }

    [Fact]
    public async Task ADependentOfACustomResourceGoesWithIt()
    {
        var ns = await server.NewNamespaceAsync();
        await ControllerObjects.EnsureWidgetsAsync(server.Client);
        var uid = await Eventually.ValueAsync(
            async () =>
            {
                try
                {
                    return await ControllerObjects.CreateWidgetAsync(server.Client, ns, "owner");
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    return null;
                }
            },
            "the widget CRD to be served");
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dep", OwnerReferences = [new V1OwnerReference { ApiVersion = "example.com/v1", Kind = "Widget", Name = "owner", Uid = uid }] } }, ns);

        await server.Client.CustomObjects.DeleteNamespacedCustomObjectAsync("example.com", "v1", ns, "widgets", "owner");

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespacedConfigMapAsync("dep", ns)), "the config map to go");
    }

    [Fact]
    public async Task ADependentWhoseOwnerUidDoesNotExistIsDeleted()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.AppsV1.CreateNamespacedDeploymentAsync(ControllerObjects.Deployment("real"), ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "dangling", OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = "real", Uid = Guid.NewGuid().ToString() }] } }, ns);

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespacedConfigMapAsync("dangling", ns)), "the dangling config map to go");
        Assert.NotNull(await server.Client.AppsV1.ReadNamespacedDeploymentAsync("real", ns));
    }

    [Fact]
    public async Task ADependentWithALiveOwnerStays()
    {
        var (ns, _) = await DeploymentWithReplicaSetAsync("live");
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "marker" } }, ns);
        var (orphanNs, _) = await DeploymentWithReplicaSetAsync("probe");
        await server.Client.AppsV1.DeleteNamespacedDeploymentAsync("probe", orphanNs, propagationPolicy: "Background");
        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.AppsV1.ReadNamespacedReplicaSetAsync("probe-rs", orphanNs)), "the collector to act");

        Assert.NotNull(await server.Client.AppsV1.ReadNamespacedReplicaSetAsync("live-rs", ns));
    }

    private async Task<(string Namespace, V1Deployment Deployment)> DeploymentWithReplicaSetAsync(string name)
    {
        var ns = await server.NewNamespaceAsync();
        var deployment = await server.Client.AppsV1.CreateNamespacedDeploymentAsync(ControllerObjects.Deployment(name), ns);
        await server.Client.AppsV1.CreateNamespacedReplicaSetAsync(ControllerObjects.OwnedReplicaSet(deployment), ns);
        return (ns, deployment);
    }
}
