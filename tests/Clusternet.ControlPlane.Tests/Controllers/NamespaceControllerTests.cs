using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Controllers;

public sealed class NamespaceControllerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task DeletingANamespaceRemovesEverythingInsideThenTheNamespace()
    {
        var ns = await server.NewNamespaceAsync();
        await ControllerObjects.EnsureWidgetsAsync(server.Client);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" } }, ns);
        await server.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "s" } }, ns);
        await Eventually.TrueAsync(async () => await WidgetCreatedAsync(ns), "the widget CRD to be served");

        var (code, deleted) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}", """{"propagationPolicy":"Background"}""");

        Assert.Equal((200, "Terminating"), (code, (string?)deleted["status"]!["phase"]));
        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespaceAsync(ns)), "the namespace to go");
        Assert.Empty((await server.Client.CoreV1.ListConfigMapForAllNamespacesAsync(fieldSelector: "metadata.namespace=" + ns)).Items);
        Assert.Empty((await server.Client.CoreV1.ListSecretForAllNamespacesAsync(fieldSelector: "metadata.namespace=" + ns)).Items);
        var (listed, widgets) = await server.SendAsync(HttpMethod.Get, $"/apis/example.com/v1/namespaces/{ns}/widgets");
        Assert.Equal(200, listed);
        Assert.Empty(widgets["items"]!.AsArray());
    }

    [Fact]
    public async Task AnObjectWithAFinalizerKeepsTheNamespaceTerminatingUntilItGoes()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } }, ns);

        await server.Client.CoreV1.DeleteNamespaceAsync(ns);

        var terminating = await Eventually.ValueAsync(
            async () =>
            {
                var current = await server.Client.CoreV1.ReadNamespaceAsync(ns);
                return current.Status.Conditions?.Any(c => c.Type == "NamespaceFinalizersRemaining" && c.Status == "True") == true ? current : null;
            },
            "NamespaceFinalizersRemaining");
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.Equal(["kubernetes"], terminating.Spec.Finalizers);
        var finalizers = terminating.Status.Conditions.Single(c => c.Type == "NamespaceFinalizersRemaining");
        Assert.Equal(("SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances"), (finalizers.Reason, finalizers.Message));
        var remaining = terminating.Status.Conditions.Single(c => c.Type == "NamespaceContentRemaining");
        Assert.Equal(("True", "SomeResourcesRemain", "Some resources are remaining: configmaps. has 1 resource instances"), (remaining.Status, remaining.Reason, remaining.Message));

        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespaceAsync(ns)), "the namespace to go");
    }

    [Fact]
    public async Task CreatingInATerminatingNamespaceIsForbidden()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "held", Finalizers = ["example.com/hold"] } }, ns);
        await server.Client.CoreV1.DeleteNamespaceAsync(ns);

        var (code, status) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"late"}}""");

        Assert.True(code == 403, status.ToJsonString());
        Assert.Equal("Forbidden", (string?)status["reason"]);
        Assert.Equal($"configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", (string?)status["message"]);
        Assert.True((string?)status["details"]?["causes"]?[0]?["reason"] == "NamespaceTerminating", status.ToJsonString());
        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);
    }

    [Fact]
    public async Task FinalizeChangesOnlySpecFinalizers()
    {
        var ns = await server.NewNamespaceAsync();

        var (code, body) = await server.SendAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/finalize", $$$"""{"metadata":{"name":"{{{ns}}}","labels":{"x":"y"}},"spec":{"finalizers":["example.com/mine"]}}""");

        Assert.Equal(200, code);
        Assert.Equal(["example.com/mine"], body["spec"]!["finalizers"]!.AsArray().Select(f => (string?)f));
        Assert.Null(body["metadata"]!["labels"]!["x"]);
    }

    [Fact]
    public async Task FinalizeAnswersOnlyPut()
    {
        var ns = await server.NewNamespaceAsync();

        var (code, status) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/finalize");

        Assert.Equal(405, code);
        Assert.Equal("MethodNotAllowed", (string?)status["reason"]);
    }

    private async Task<bool> WidgetCreatedAsync(string ns)
    {
        try
        {
            await ControllerObjects.CreateWidgetAsync(server.Client, ns, "w");
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
