using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>The <c>scale</c> subresource of Deployments and of custom resources that declare one, as autoscaling/v1 Scale.</summary>
public sealed class ScaleSubresourceTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Definition = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"pools.scale.example.com"},
         "spec":{"group":"scale.example.com","scope":"Namespaced",
          "names":{"plural":"pools","singular":"pool","kind":"Pool","listKind":"PoolList"},
          "versions":[{"name":"v1","served":true,"storage":true,
           "subresources":{"status":{},"scale":{"specReplicasPath":".spec.size","statusReplicasPath":".status.ready","labelSelectorPath":".status.selector"}},
           "schema":{"openAPIV3Schema":{"type":"object","properties":{
             "spec":{"type":"object","properties":{"size":{"type":"integer"}}},
             "status":{"type":"object","properties":{"ready":{"type":"integer"},"selector":{"type":"string"}}}}}}}]}}
        """;

    private static V1Deployment Deployment(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = 1,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx" }] },
            },
        },
    };

    [Fact]
    public async Task DeploymentScaleReportsReplicasAndSelector()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
        var scale = await server.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal(1, scale.Spec.Replicas);
        Assert.Equal(0, scale.Status.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);
    }

    [Fact]
    public async Task ReplacingTheScaleSetsSpecReplicasAndBumpsGeneration()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
        var scale = await server.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        scale.Spec.Replicas = 4;
        var replaced = await server.Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(scale, "web", ns);
        Assert.Equal(4, replaced.Spec.Replicas);
        var deployment = await server.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(4, deployment.Spec.Replicas);
        Assert.Equal(2, deployment.Metadata.Generation);
    }

    [Fact]
    public async Task MergePatchOfTheScaleSetsReplicasAsKubectlScaleDoes()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
        var patched = await server.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("""{"spec":{"replicas":3}}""", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(3, patched.Spec.Replicas);
        Assert.Equal(3, (await server.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns)).Spec.Replicas);
    }

    [Fact]
    public async Task StaleResourceVersionOnTheScaleConflicts()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
        var stale = await server.Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        await server.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("""{"spec":{"replicas":2}}""", V1Patch.PatchType.MergePatch), "web", ns);
        stale.Spec.Replicas = 5;
        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => server.Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(stale, "web", ns));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, error.Response.StatusCode);
    }

    [Fact]
    public async Task CustomResourceScaleFollowsTheDefinitionsPaths()
    {
        var (created, _) = await server.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Definition);
        Assert.Equal(201, created);
        var ns = await server.NewNamespaceAsync();
        var pools = $"/apis/scale.example.com/v1/namespaces/{ns}/pools";
        Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, pools, """{"apiVersion":"scale.example.com/v1","kind":"Pool","metadata":{"name":"p"},"spec":{"size":2}}""")).Code);
        Assert.Equal(200, (await server.SendAsync(HttpMethod.Patch, pools + "/p/status", """{"status":{"ready":1,"selector":"pool=p"}}""", "application/merge-patch+json")).Code);

        var (code, scale) = await server.SendAsync(HttpMethod.Patch, pools + "/p/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal(5, (int?)scale["spec"]?["replicas"]);
        Assert.Equal(1, (int?)scale["status"]?["replicas"]);
        Assert.Equal("pool=p", (string?)scale["status"]?["selector"]);
        var (_, pool) = await server.SendAsync(HttpMethod.Get, pools + "/p");
        Assert.Equal(5, (int?)pool["spec"]?["size"]);
    }
}
