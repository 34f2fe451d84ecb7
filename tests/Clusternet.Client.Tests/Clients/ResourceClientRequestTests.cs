using System.Text.Json.Nodes;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Clients;

/// <summary>The exact method, path, query and Content-Type of every verb, checked on the wire.</summary>
public sealed class ResourceClientRequestTests : IDisposable
{
    private const string WidgetsInNs1 = "/apis/test.clusternet.io/v1/namespaces/ns1/widgets";
    private readonly WireMockApi api = new();

    public void Dispose() => api.Dispose();

    private ResourceClient<Widget, WidgetList> Widgets(string? ns = "ns1", string prefix = "") =>
        api.CreateKubernetes(prefix).Resource<Widget, WidgetList>(ns);

    private static Dictionary<string, string> NoQuery => [];

    private void AssertRequest(string method, string path, Dictionary<string, string> query, string? contentType = null)
    {
        var request = api.LastRequest;
        Assert.Equal(method, request.Method);
        Assert.Equal(path, request.Path);
        Assert.Equal(query.OrderBy(p => p.Key), WireMockApi.QueryOf(request).OrderBy(p => p.Key));
        if (contentType is not null)
        {
            Assert.Equal(contentType, WireMockApi.ContentTypeOf(request));
        }
    }

    [Fact]
    public async Task Get_reads_one_namespaced_object()
    {
        api.Respond(WireMockApi.WidgetJson);
        var widget = await Widgets().GetAsync("w1");
        AssertRequest("GET", $"{WidgetsInNs1}/w1", NoQuery);
        Assert.Equal(2, widget.Spec.Size);
    }

    [Fact]
    public async Task List_sends_every_list_option_as_query()
    {
        api.Respond("""{"apiVersion":"test.clusternet.io/v1","kind":"WidgetList","metadata":{"resourceVersion":"9"},"items":[]}""");
        await Widgets().ListAsync(new ListOptions
        {
            LabelSelector = "app=web,tier!=db",
            FieldSelector = "metadata.name=w1",
            Limit = 10,
            Continue = "abc",
            ResourceVersion = "5",
            ResourceVersionMatch = "NotOlderThan",
            TimeoutSeconds = 30,
        });
        AssertRequest("GET", WidgetsInNs1, new()
        {
            ["labelSelector"] = "app=web,tier!=db",
            ["fieldSelector"] = "metadata.name=w1",
            ["limit"] = "10",
            ["continue"] = "abc",
            ["resourceVersion"] = "5",
            ["resourceVersionMatch"] = "NotOlderThan",
            ["timeoutSeconds"] = "30",
        });
    }

    [Fact]
    public async Task List_without_a_namespace_reads_all_namespaces()
    {
        api.Respond("""{"kind":"WidgetList","metadata":{},"items":[]}""");
        await Widgets(ns: null).ListAsync();
        AssertRequest("GET", "/apis/test.clusternet.io/v1/widgets", NoQuery);
    }

    [Fact]
    public async Task WatchStream_sends_watch_query_and_parses_each_line()
    {
        api.Respond(
            """{"type":"ADDED","object":{"kind":"Widget","metadata":{"name":"a","resourceVersion":"8"}}}""" + "\n" +
            """{"type":"BOOKMARK","object":{"kind":"Widget","metadata":{"resourceVersion":"9"}}}""" + "\n");
        var events = await Widgets().WatchStreamAsync(new WatchOptions
        {
            ResourceVersion = "7",
            TimeoutSeconds = 60,
            LabelSelector = "app=web",
            FieldSelector = "metadata.name=a",
        }).ToListAsync();
        AssertRequest("GET", WidgetsInNs1, new()
        {
            ["watch"] = "true",
            ["allowWatchBookmarks"] = "true",
            ["resourceVersion"] = "7",
            ["timeoutSeconds"] = "60",
            ["labelSelector"] = "app=web",
            ["fieldSelector"] = "metadata.name=a",
        });
        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], events.Select(e => e.Type));
        Assert.Equal("9", events[1].Object.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task WatchStream_with_initial_events_asks_for_not_older_than()
    {
        api.Respond("");
        await Widgets().WatchStreamAsync(new WatchOptions { SendInitialEvents = true, AllowWatchBookmarks = false }).ToListAsync();
        AssertRequest("GET", WidgetsInNs1, new() { ["watch"] = "true", ["sendInitialEvents"] = "true", ["resourceVersionMatch"] = "NotOlderThan" });
    }

    [Fact]
    public async Task Create_posts_json_with_apiVersion_and_kind_from_the_descriptor()
    {
        api.Respond(WireMockApi.WidgetJson, 201);
        await Widgets().CreateAsync(Widget.Named("w1", "ns1"), new WriteOptions { FieldManager = "tester", FieldValidation = "Strict", DryRun = true });
        AssertRequest("POST", WidgetsInNs1, new() { ["fieldManager"] = "tester", ["fieldValidation"] = "Strict", ["dryRun"] = "All" }, "application/json");
        var body = JsonNode.Parse(api.LastRequest.Body!)!;
        Assert.Equal("test.clusternet.io/v1", body["apiVersion"]!.GetValue<string>());
        Assert.Equal("Widget", body["kind"]!.GetValue<string>());
        Assert.Equal(1, body["spec"]!["size"]!.GetValue<int>());
    }

    [Fact]
    public async Task Update_puts_the_object()
    {
        api.Respond(WireMockApi.WidgetJson);
        await Widgets().UpdateAsync(Widget.Named("w1", "ns1"));
        AssertRequest("PUT", $"{WidgetsInNs1}/w1", NoQuery, "application/json");
    }

    [Fact]
    public async Task UpdateStatus_puts_to_the_status_subresource()
    {
        api.Respond(WireMockApi.WidgetJson);
        await Widgets().UpdateStatusAsync(Widget.Named("w1", "ns1"), new WriteOptions { DryRun = true });
        AssertRequest("PUT", $"{WidgetsInNs1}/w1/status", new() { ["dryRun"] = "All" }, "application/json");
    }

    [Theory]
    [InlineData(V1Patch.PatchType.JsonPatch, "application/json-patch+json")]
    [InlineData(V1Patch.PatchType.MergePatch, "application/merge-patch+json")]
    [InlineData(V1Patch.PatchType.StrategicMergePatch, "application/strategic-merge-patch+json")]
    [InlineData(V1Patch.PatchType.ApplyPatch, "application/apply-patch+yaml")]
    public async Task Patch_sends_the_content_type_of_its_patch_type(V1Patch.PatchType type, string contentType)
    {
        api.Respond(WireMockApi.WidgetJson);
        await Widgets().PatchAsync("w1", new V1Patch(new { spec = new { size = 3 } }, type), new PatchOptions { FieldManager = "tester" });
        AssertRequest("PATCH", $"{WidgetsInNs1}/w1", new() { ["fieldManager"] = "tester" }, contentType);
        Assert.Equal("""{"spec":{"size":3}}""", api.LastRequest.Body);
    }

    [Fact]
    public async Task Apply_sends_field_manager_force_and_dry_run()
    {
        api.Respond(WireMockApi.WidgetJson);
        await Widgets().PatchAsync("w1", new V1Patch(Widget.Named("w1", "ns1"), V1Patch.PatchType.ApplyPatch),
            new PatchOptions { FieldManager = "clusternet", Force = true, DryRun = true });
        AssertRequest("PATCH", $"{WidgetsInNs1}/w1", new() { ["fieldManager"] = "clusternet", ["force"] = "true", ["dryRun"] = "All" }, "application/apply-patch+yaml");
    }

    [Fact]
    public async Task Patch_sends_a_string_body_verbatim()
    {
        api.Respond(WireMockApi.WidgetJson);
        const string patch = """[{"op":"replace","path":"/spec/size","value":4}]""";
        await Widgets().PatchAsync("w1", new V1Patch(patch, V1Patch.PatchType.JsonPatch));
        Assert.Equal(patch, api.LastRequest.Body);
    }

    [Fact]
    public async Task PatchStatus_patches_the_status_subresource()
    {
        api.Respond(WireMockApi.WidgetJson);
        await Widgets().PatchStatusAsync("w1", new V1Patch("""{"status":{"ready":true}}""", V1Patch.PatchType.MergePatch));
        AssertRequest("PATCH", $"{WidgetsInNs1}/w1/status", NoQuery, "application/merge-patch+json");
    }

    [Fact]
    public async Task Force_on_a_patch_that_is_not_an_apply_is_refused_before_sending()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Widgets().PatchAsync("w1",
            new V1Patch("{}", V1Patch.PatchType.MergePatch), new PatchOptions { Force = true }));
        Assert.Equal(0, api.RequestCount);
    }

    [Fact]
    public async Task Delete_sends_delete_options_as_body()
    {
        api.Respond(WireMockApi.WidgetJson);
        var deleted = await Widgets().DeleteAsync("w1", new DeleteOptions
        {
            PropagationPolicy = "Foreground",
            GracePeriodSeconds = 0,
            PreconditionUid = "u-1",
            PreconditionResourceVersion = "3",
            DryRun = true,
        });
        AssertRequest("DELETE", $"{WidgetsInNs1}/w1", new() { ["dryRun"] = "All" }, "application/json");
        var body = JsonNode.Parse(api.LastRequest.Body!)!;
        Assert.Equal("DeleteOptions", body["kind"]!.GetValue<string>());
        Assert.Equal("v1", body["apiVersion"]!.GetValue<string>());
        Assert.Equal("Foreground", body["propagationPolicy"]!.GetValue<string>());
        Assert.Equal(0, body["gracePeriodSeconds"]!.GetValue<long>());
        Assert.Equal("u-1", body["preconditions"]!["uid"]!.GetValue<string>());
        Assert.Equal("3", body["preconditions"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("All", body["dryRun"]![0]!.GetValue<string>());
        Assert.Equal("w1", deleted!.Metadata.Name);
    }

    [Fact]
    public async Task Delete_returns_null_when_the_server_answers_with_a_status()
    {
        api.Respond("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"w1"}}""");
        Assert.Null(await Widgets().DeleteAsync("w1"));
        Assert.Equal("""{"apiVersion":"v1","kind":"DeleteOptions"}""", api.LastRequest.Body);
    }

    [Fact]
    public async Task DeleteCollection_deletes_on_the_collection_with_list_query_and_body()
    {
        api.Respond("""{"kind":"WidgetList","metadata":{},"items":[]}""");
        await Widgets().DeleteCollectionAsync(new ListOptions { LabelSelector = "app=web" }, new DeleteOptions { PropagationPolicy = "Background" });
        AssertRequest("DELETE", WidgetsInNs1, new() { ["labelSelector"] = "app=web" }, "application/json");
        Assert.Equal("Background", JsonNode.Parse(api.LastRequest.Body!)!["propagationPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task Cluster_scoped_kinds_have_no_namespace_in_their_paths()
    {
        api.Respond("""{"apiVersion":"test.clusternet.io/v1","kind":"Gadget","metadata":{"name":"g1"}}""");
        var gadgets = api.CreateKubernetes().Resource<Gadget, GadgetList>();
        await gadgets.GetAsync("g1");
        AssertRequest("GET", "/apis/test.clusternet.io/v1/gadgets/g1", NoQuery);
        await gadgets.CreateAsync(new Gadget { Metadata = new V1ObjectMeta { Name = "g1" } });
        AssertRequest("POST", "/apis/test.clusternet.io/v1/gadgets", NoQuery, "application/json");
    }

    [Fact]
    public void Cluster_scoped_kinds_refuse_a_namespace()
    {
        Assert.Throws<ArgumentException>(() => api.CreateKubernetes().Resource<Gadget, GadgetList>("ns1"));
    }

    [Fact]
    public async Task Core_group_kinds_live_under_api_v1()
    {
        api.Respond("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm1","namespace":"default"}}""");
        var configMaps = api.CreateKubernetes().Resource<V1ConfigMap, V1ConfigMapList>(ResourceDescriptor.For<V1ConfigMap>(namespaced: true), "default");
        await configMaps.GetAsync("cm1");
        AssertRequest("GET", "/api/v1/namespaces/default/configmaps/cm1", NoQuery);
        await configMaps.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "cm1" } });
        AssertRequest("POST", "/api/v1/namespaces/default/configmaps", NoQuery, "application/json");
        var body = JsonNode.Parse(api.LastRequest.Body!)!;
        Assert.Equal("v1", body["apiVersion"]!.GetValue<string>());
        Assert.Equal("ConfigMap", body["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_base_uri_path_prefix_is_kept_for_calls_and_watches()
    {
        const string prefix = "/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct";
        api.Respond(WireMockApi.WidgetJson);
        var widgets = Widgets(prefix: prefix);
        await widgets.GetAsync("w1");
        AssertRequest("GET", $"{prefix}{WidgetsInNs1}/w1", NoQuery);
        api.Server.ResetMappings();
        api.Respond("");
        await widgets.WatchStreamAsync(new WatchOptions { AllowWatchBookmarks = false }).ToListAsync();
        AssertRequest("GET", $"{prefix}{WidgetsInNs1}", new() { ["watch"] = "true" });
    }

    [Fact]
    public async Task An_all_namespaces_client_writes_to_the_object_namespace_and_refuses_bare_names()
    {
        api.Respond(WireMockApi.WidgetJson);
        var widgets = Widgets(ns: null);
        await widgets.CreateAsync(Widget.Named("w1", "ns2"));
        AssertRequest("POST", "/apis/test.clusternet.io/v1/namespaces/ns2/widgets", NoQuery);
        await Assert.ThrowsAsync<InvalidOperationException>(() => widgets.GetAsync("w1"));
    }

    [Fact]
    public async Task Credentials_and_tls_server_name_of_the_kubernetes_instance_are_applied()
    {
        Assert.True(KubernetesPipelineProbe.PrivateSettingsFound);
        api.Respond(WireMockApi.WidgetJson);
        var kubernetes = api.CreateKubernetes(configure: c =>
        {
            c.AccessToken = "s3cret";
            c.TlsServerName = "apiserver.internal";
        });
        await kubernetes.Resource<Widget, WidgetList>("ns1").GetAsync("w1");
        var headers = api.LastRequest.Headers!;
        Assert.Equal("Bearer s3cret", headers["Authorization"].First());
        Assert.StartsWith("apiserver.internal", headers["Host"].First());
    }

    [Fact]
    public async Task A_call_slower_than_the_client_timeout_throws_TimeoutException()
    {
        api.Respond(WireMockApi.WidgetJson, response: r => r.WithDelay(TimeSpan.FromSeconds(5)));
        var kubernetes = api.CreateKubernetes(configure: c => c.HttpClientTimeout = TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<TimeoutException>(() => kubernetes.Resource<Widget, WidgetList>("ns1").GetAsync("w1"));
    }

    [Fact]
    public async Task ListAll_stops_with_Expired_when_the_continue_token_expires()
    {
        api.Server.Given(WireMock.RequestBuilders.Request.Create().UsingGet().WithParam("continue", "tok"))
            .AtPriority(1)
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(410).WithHeader("Content-Type", "application/json")
                .WithBody("""{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Expired","code":410,"message":"continue too old"}"""));
        api.Respond("""{"kind":"WidgetList","metadata":{"resourceVersion":"5","continue":"tok"},"items":[{"metadata":{"name":"a"}}]}""");
        var seen = new List<string>();
        await Assert.ThrowsAsync<ExpiredException>(async () =>
        {
            await foreach (var widget in Widgets().ListAllAsync(new ListOptions { Limit = 1 }))
            {
                seen.Add(widget.Metadata.Name);
            }
        });
        Assert.Equal(["a"], seen);
        Assert.Equal(new() { ["limit"] = "1", ["continue"] = "tok" }, WireMockApi.QueryOf(api.LastRequest));
    }
}

/// <summary>Exposes the internal pin on KubernetesClient's private request settings.</summary>
internal static class KubernetesPipelineProbe
{
    public static bool PrivateSettingsFound => Clusternet.Clients.KubernetesPipeline.PrivateSettingsFound;
}
