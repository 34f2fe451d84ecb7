using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>Server-side apply (<c>application/apply-patch+yaml</c>) and managedFields over HTTP.</summary>
public sealed class ServerSideApplyTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string ApplyType = "application/apply-patch+yaml";

    private static string ConfigMap(string name, string data, string? resourceVersion = null)
    {
        var version = resourceVersion is null ? string.Empty : ",\"resourceVersion\":\"" + resourceVersion + "\"";
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"" + version + "},\"data\":{" + data + "}}";
    }

    private Task<(int Code, JsonObject Body)> ApplyAsync(string ns, string name, string body, string query) =>
        server.SendAsync(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/configmaps/{name}?{query}", body, ApplyType);

    private Task<V1ConfigMap> ApplyWithClientAsync(string ns, string name, string body, string manager, bool? force = null) =>
        server.Client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body, V1Patch.PatchType.ApplyPatch), name, ns, fieldManager: manager, force: force);

    [Fact]
    public async Task ApplyOfAnAbsentObjectCreatesIt()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await ApplyAsync(ns, "cm", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  a: \"1\"\n", "fieldManager=alice");
        Assert.Equal(201, code);
        Assert.Equal("1", (string?)body["data"]?["a"]);
        var read = await server.Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns);
        Assert.Equal("1", read.Data["a"]);
    }

    [Fact]
    public async Task ApplyRecordsAnApplyEntryOwningTheAppliedFields()
    {
        var ns = await server.NewNamespaceAsync();
        var applied = await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\""), "alice");
        var entry = Assert.Single(applied.Metadata.ManagedFields);
        Assert.Equal("alice", entry.Manager);
        Assert.Equal("Apply", entry.Operation);
        Assert.Equal("v1", entry.ApiVersion);
        Assert.Equal("FieldsV1", entry.FieldsType);
        Assert.NotNull(entry.Time);
        Assert.Equal("""{"f:data":{"f:a":{}}}""", JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1))!.ToJsonString());
    }

    [Fact]
    public async Task ReapplyChangesValuesAndRemovesOmittedFields()
    {
        var ns = await server.NewNamespaceAsync();
        await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\",\"b\":\"2\""), "alice");
        var reapplied = await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"3\""), "alice");
        Assert.Equal(new Dictionary<string, string> { ["a"] = "3" }, reapplied.Data);
    }

    [Fact]
    public async Task SecondManagerChangingAnOwnedFieldConflicts()
    {
        var ns = await server.NewNamespaceAsync();
        await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\""), "alice");
        var (code, body) = await ApplyAsync(ns, "cm", ConfigMap("cm", "\"a\":\"2\""), "fieldManager=bob");
        Assert.Equal(409, code);
        Assert.Equal("Conflict", (string?)body["reason"]);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .data.a", (string?)body["message"]);
        var cause = Assert.Single(body["details"]!["causes"]!.AsArray())!;
        Assert.Equal("FieldManagerConflict", (string?)cause["reason"]);
        Assert.Equal("conflict with \"alice\"", (string?)cause["message"]);
        Assert.Equal(".data.a", (string?)cause["field"]);
    }

    [Fact]
    public async Task ForceTakesTheFieldOver()
    {
        var ns = await server.NewNamespaceAsync();
        await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\",\"b\":\"1\""), "alice");
        var forced = await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"2\""), "bob", force: true);
        Assert.Equal("2", forced.Data["a"]);
        var byManager = forced.Metadata.ManagedFields.ToDictionary(e => e.Manager, e => JsonNode.Parse(KubernetesJson.Serialize(e.FieldsV1))!.ToJsonString());
        Assert.Equal("""{"f:data":{"f:b":{}}}""", byManager["alice"]);
        Assert.Equal("""{"f:data":{"f:a":{}}}""", byManager["bob"]);
    }

    [Fact]
    public async Task ApplyWithoutFieldManagerIsInvalid()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await ApplyAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\""), string.Empty);
        Assert.Equal(422, code);
        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", (string?)body["message"]);
    }

    [Fact]
    public async Task DryRunApplyStoresNothing()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, _) = await ApplyAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\""), "fieldManager=alice&dryRun=All");
        Assert.Equal(201, code);
        var (readCode, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps/cm");
        Assert.Equal(404, readCode);
    }

    [Fact]
    public async Task StaleResourceVersionInTheConfigurationConflicts()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"1\""), "alice");
        await ApplyWithClientAsync(ns, "cm", ConfigMap("cm", "\"a\":\"2\""), "alice");
        var (code, body) = await ApplyAsync(ns, "cm", ConfigMap("cm", "\"a\":\"3\"", created.Metadata.ResourceVersion), "fieldManager=alice");
        Assert.Equal(409, code);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"cm\"", (string?)body["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIsRecordedAsAnUpdateByTheFieldManager()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns, fieldManager: "creator");
        var entry = Assert.Single(created.Metadata.ManagedFields);
        Assert.Equal("creator", entry.Manager);
        Assert.Equal("Update", entry.Operation);
        Assert.NotNull(JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1))!["f:data"]?["f:a"]);
    }

    [Fact]
    public async Task ManagerDefaultsToTheUserAgentsFirstToken()
    {
        var ns = await server.NewNamespaceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/namespaces/{ns}/configmaps")
        {
            Content = new StringContent("""{"metadata":{"name":"cm"},"data":{"a":"1"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("User-Agent", "probe/1.0 (linux/amd64)");
        using var response = await server.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("probe", (string?)body["metadata"]?["managedFields"]?[0]?["manager"]);
    }

    [Fact]
    public async Task UpdateThenApplyOfTheSameFieldConflictsWithTheUpdater()
    {
        var ns = await server.NewNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm" }, Data = new Dictionary<string, string> { ["a"] = "1" } }, ns, fieldManager: "editor");
        var (code, body) = await ApplyAsync(ns, "cm", ConfigMap("cm", "\"a\":\"2\""), "fieldManager=alice");
        Assert.Equal(409, code);
        Assert.Equal("conflict with \"editor\" using v1", (string?)body["details"]!["causes"]![0]!["message"]);
    }

    [Fact]
    public async Task CustomResourceMapListsMergeByTheSchemasKeys()
    {
        const string definition = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
             "metadata":{"name":"routes.apply.example.com"},
             "spec":{"group":"apply.example.com","scope":"Namespaced",
              "names":{"plural":"routes","singular":"route","kind":"Route","listKind":"RouteList"},
              "versions":[{"name":"v1","served":true,"storage":true,
               "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{
                 "rules":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],
                  "items":{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"port":{"type":"integer"}}}}}}}}}}]}}
            """;
        Assert.Equal(201, (await server.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", definition)).Code);
        var ns = await server.NewNamespaceAsync();
        var route = $"/apis/apply.example.com/v1/namespaces/{ns}/routes/r";
        static string Rule(string name, int port) =>
            "{\"apiVersion\":\"apply.example.com/v1\",\"kind\":\"Route\",\"metadata\":{\"name\":\"r\"},\"spec\":{\"rules\":[{\"name\":\"" + name + "\",\"port\":" + port + "}]}}";

        Assert.Equal(201, (await server.SendAsync(HttpMethod.Patch, route + "?fieldManager=alice", Rule("a", 1), ApplyType)).Code);
        var (code, body) = await server.SendAsync(HttpMethod.Patch, route + "?fieldManager=bob", Rule("b", 2), ApplyType);
        Assert.Equal(200, code);
        Assert.Equal(["a", "b"], body["spec"]!["rules"]!.AsArray().Select(r => (string?)r!["name"]));
        var bob = body["metadata"]!["managedFields"]!.AsArray().Single(e => (string?)e!["manager"] == "bob")!;
        Assert.NotNull(bob["fieldsV1"]?["f:spec"]?["f:rules"]?["k:{\"name\":\"b\"}"]);
    }
}
