using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>CRUD, concurrency, patch, dryRun and finalizers of ConfigMaps through KubernetesClient's CoreV1.</summary>
public sealed class ConfigMapRestTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private static V1ConfigMap ConfigMap(string name, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["a"] = "1" },
    };

    [Fact]
    public async Task CreatedConfigMapIsReadBackWithServerMetadata()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm1"), ns);
        var read = await server.Client.CoreV1.ReadNamespacedConfigMapAsync("cm1", ns);
        Assert.Equal(ns, read.Metadata.NamespaceProperty);
        Assert.False(string.IsNullOrEmpty(read.Metadata.Uid));
        Assert.NotNull(read.Metadata.CreationTimestamp);
        Assert.Equal(1, read.Metadata.Generation);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("1", read.Data["a"]);
    }

    [Fact]
    public async Task GenerateNameAppendsFiveCharacters()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, ns);
        Assert.Matches("^gen-[a-z0-9]{5}$", created.Metadata.Name);
    }

    [Fact]
    public async Task DuplicateCreateIsAlreadyExists()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), ns);
        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"dup"}}""");
        Assert.Equal(409, code);
        Assert.Equal("AlreadyExists", (string?)body["reason"]);
        Assert.Equal("configmaps \"dup\" already exists", (string?)body["message"]);
    }

    [Fact]
    public async Task CreateInMissingNamespaceIsNamespaceNotFound()
    {
        var (code, body) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/nowhere/configmaps", """{"metadata":{"name":"x"}}""");
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"nowhere\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task MismatchedBodyNamespaceIsBadRequest()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"x","namespace":"other"}}""");
        Assert.Equal(400, code);
        Assert.Equal("BadRequest", (string?)body["reason"]);
    }

    [Fact]
    public async Task YamlBodyIsAccepted()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "metadata:\n  name: y\ndata:\n  n: \"1\"\n", "application/yaml");
        Assert.Equal(201, code);
        Assert.Equal("1", (string?)body["data"]!["n"]);
    }

    [Fact]
    public async Task BodyOverThreeMebibytesIsRequestEntityTooLarge()
    {
        var ns = await server.NewNamespaceAsync();
        var big = new string('x', 3 * 1024 * 1024);
        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", $$$"""{"metadata":{"name":"big"},"data":{"a":"{{{big}}}"}}""");
        Assert.Equal(413, code);
        Assert.Equal("Status", (string?)body["kind"]);
    }

    [Fact]
    public async Task LabelSelectorFiltersTheList()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", new Dictionary<string, string> { ["app"] = "demo" }), ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", new Dictionary<string, string> { ["app"] = "other" }), ns);
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: "app in (demo)");
        Assert.Equal(["a"], list.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task PagingReturnsContinueAndRemainingItemCount()
    {
        var ns = await server.NewNamespaceAsync();
        foreach (var name in new[] { "p1", "p2", "p3" })
        {
            await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap(name), ns);
        }

        var first = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2);
        Assert.Equal(["p1", "p2"], first.Items.Select(i => i.Metadata.Name));
        Assert.Equal(1, first.Metadata.RemainingItemCount);
        var second = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns, limit: 2, continueParameter: first.Metadata.ContinueProperty);
        Assert.Equal(["p3"], second.Items.Select(i => i.Metadata.Name));
        Assert.True(string.IsNullOrEmpty(second.Metadata.ContinueProperty));
    }

    [Fact]
    public async Task StaleUpdateIsConflictWithKubeApiserversMessage()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);
        created.Data["a"] = "2";
        await server.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", ns);
        created.Data["a"] = "3";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => server.Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "c", ns));
        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        Assert.Contains(
            "Operation cannot be fulfilled on configmaps \\\"c\\\": the object has been modified; please apply your changes to the latest version and try again",
            error.Response.Content,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task MergePatchChangesData()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("m"), ns);
        var patched = await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"b":"2"}}""", V1Patch.PatchType.MergePatch), "m", ns);
        Assert.Equal("2", patched.Data["b"]);
        Assert.Equal("1", patched.Data["a"]);
    }

    [Fact]
    public async Task JsonPatchChangesData()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("j"), ns);
        var patched = await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""[{"op":"replace","path":"/data/a","value":"9"}]""", V1Patch.PatchType.JsonPatch), "j", ns);
        Assert.Equal("9", patched.Data["a"]);
    }

    [Fact]
    public async Task StrategicMergePatchMergesContainersByName()
    {
        var ns = await server.NewNamespaceAsync();
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "a", Image = "a:1" }, new V1Container { Name = "b", Image = "b:1" }] },
        };
        await server.Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        var patched = await server.Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("""{"spec":{"containers":[{"name":"b","image":"b:2"}]}}""", V1Patch.PatchType.StrategicMergePatch), "p", ns);
        Assert.Equal(["a:1", "b:2"], patched.Spec.Containers.Select(c => c.Image));
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task PatchCarryingAStaleResourceVersionIsConflict()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("s"), ns);
        var (code, body) = await server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/s", """{"metadata":{"resourceVersion":"1"}}""", "application/merge-patch+json");
        Assert.Equal(409, code);
        Assert.Equal("Conflict", (string?)body["reason"]);
    }

    [Fact]
    public async Task DryRunCreatePersistsNothing()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dry"), ns, dryRun: "All");
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Empty(list.Items);
    }

    [Fact]
    public async Task DryRunDeleteKeepsTheObject()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("keep"), ns);
        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync("keep", ns, dryRun: "All");
        Assert.NotNull(await server.Client.CoreV1.ReadNamespacedConfigMapAsync("keep", ns));
    }

    [Fact]
    public async Task DeleteRemovesTheObject()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("gone"), ns);
        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync("gone", ns);
        var (code, body) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/gone");
        Assert.Equal(404, code);
        Assert.Equal("configmaps \"gone\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task DeleteWithStaleUidPreconditionIsConflict()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("pre"), ns);
        var (code, _) = await server.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/pre", """{"preconditions":{"uid":"nope"}}""");
        Assert.Equal(409, code);
    }

    [Fact]
    public async Task FinalizersHoldTheObjectUntilTheLastIsRemoved()
    {
        var ns = await server.NewNamespaceAsync();
        var cm = ConfigMap("fin");
        cm.Metadata.Finalizers = ["example.com/hold"];
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(cm, ns);
        await server.Client.CoreV1.DeleteNamespacedConfigMapAsync("fin", ns, propagationPolicy: "Background");
        var deleting = await server.Client.CoreV1.ReadNamespacedConfigMapAsync("fin", ns);
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        Assert.Equal(0, deleting.Metadata.DeletionGracePeriodSeconds);

        await server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "fin", ns);
        var (code, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/fin");
        Assert.Equal(404, code);
    }

    [Fact]
    public async Task DeleteCollectionRemovesSelectedObjects()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("d1", new Dictionary<string, string> { ["x"] = "y" }), ns);
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("d2"), ns);
        await server.Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns, labelSelector: "x=y");
        var list = await server.Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Equal(["d2"], list.Items.Select(i => i.Metadata.Name));
    }

    [Fact]
    public async Task TableIsRenderedWhenAsked()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("t"), ns);
        var (code, body) = await server.SendAsync(
            HttpMethod.Get,
            $"/api/v1/namespaces/{ns}/configmaps?limit=500",
            accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json");
        Assert.Equal(200, code);
        Assert.Equal("Table", (string?)body["kind"]);
        Assert.Equal("t", (string?)body["rows"]![0]!["cells"]![0]);
    }
}
