using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Tests.Api.Discovery;

public sealed class TableRendererTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ResourceCatalog Catalog = ResourceCatalog.CreateWithBuiltIns();
    private readonly TableRenderer renderer = new(new FixedTime(Now));

    [Fact]
    public void NamespaceRowShowsNameStatusAge()
    {
        var table = Render("", "namespaces", """{"metadata":{"name":"x","creationTimestamp":"2025-01-01T11:55:00Z"},"status":{"phase":"Active"}}""");

        Assert.Equal(["Name", "Status", "Age"], Headers(table));
        Assert.Equal("""["x","Active","5m"]""", Cells(table));
    }

    [Fact]
    public void ConfigMapDataCountsDataAndBinaryData()
    {
        var table = Render("", "configmaps", """{"metadata":{"name":"cm1","creationTimestamp":"2025-01-01T11:59:15Z"},"data":{"a":"1","b":"2"},"binaryData":{"c":"AA=="}}""");

        Assert.Equal(["Name", "Data", "Age"], Headers(table));
        Assert.Equal("""["cm1",3,"45s"]""", Cells(table));
    }

    [Fact]
    public void SecretRowShowsTypeAndDataCount()
    {
        var table = Render("", "secrets", """{"metadata":{"name":"s","creationTimestamp":"2024-12-30T12:00:00Z"},"type":"Opaque","data":{"k":"dg=="}}""");

        Assert.Equal("""["s","Opaque",1,"2d"]""", Cells(table));
    }

    [Fact]
    public void ServiceAccountRowCountsSecrets()
    {
        Assert.Equal("""["default",0,"3h12m"]""", Cells(Render("", "serviceaccounts", """{"metadata":{"name":"default","creationTimestamp":"2025-01-01T08:48:00Z"}}""")));
    }

    [Fact]
    public void ServiceRowShowsAddressesPortsAndSelector()
    {
        var table = Render("", "services", """
            {"metadata":{"name":"web","creationTimestamp":"2025-01-01T11:00:00Z"},
             "spec":{"type":"NodePort","clusterIP":"10.0.0.1","selector":{"app":"web"},
                     "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}}
            """);

        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], Headers(table));
        Assert.Equal("""["web","NodePort","10.0.0.1","<none>","80:30080/TCP,53/UDP","60m","app=web"]""", Cells(table));
    }

    [Fact]
    public void LoadBalancerWithoutIngressIsPending()
    {
        var table = Render("", "services", """{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIP":"10.0.0.2","ports":[{"port":443,"protocol":"TCP"}]}}""");

        Assert.Equal("<pending>", (string?)table["rows"]![0]!["cells"]![3]);
    }

    [Fact]
    public void NodeRowShowsReadinessRolesAndVersion()
    {
        var table = Render("", "nodes", """
            {"metadata":{"name":"n1","creationTimestamp":"2025-01-01T11:58:00Z","labels":{"node-role.kubernetes.io/control-plane":""}},
             "spec":{"unschedulable":true},
             "status":{"conditions":[{"type":"Ready","status":"True"}],"nodeInfo":{"kubeletVersion":"v1.32.0"},
                       "addresses":[{"type":"InternalIP","address":"10.1.0.5"}]}}
            """);

        Assert.Equal(["Name", "Status", "Roles", "Age", "Version"], Headers(table).Take(5));
        Assert.Equal("""["n1","Ready,SchedulingDisabled","control-plane","2m","v1.32.0","10.1.0.5","<none>","<unknown>","<unknown>","<unknown>"]""", Cells(table));
    }

    [Fact]
    public void RunningPodShowsReadyCountAndRestartsWithTheirAge()
    {
        var table = Render("", "pods", """
            {"metadata":{"name":"p","creationTimestamp":"2025-01-01T11:00:00Z"},
             "spec":{"nodeName":"n1","containers":[{"name":"a"},{"name":"b"}]},
             "status":{"phase":"Running","podIPs":[{"ip":"10.2.0.9"}],"containerStatuses":[
               {"name":"a","ready":true,"restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"finishedAt":"2025-01-01T11:55:00Z"}}},
               {"name":"b","ready":false,"restartCount":0,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]}}
            """);

        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age"], Headers(table).Take(5));
        Assert.Equal("""["p","1/2","CrashLoopBackOff","2 (5m ago)","60m","10.2.0.9","n1","<none>","<none>"]""", Cells(table));
    }

    [Fact]
    public void PodWaitingOnAnInitContainerShowsInitProgress()
    {
        var table = Render("", "pods", """
            {"metadata":{"name":"p"},"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},
             "status":{"phase":"Pending","initContainerStatuses":[
               {"name":"i1","state":{"terminated":{"exitCode":0}}},{"name":"i2","state":{"running":{}}}]}}
            """);

        Assert.Equal("Init:1/2", (string?)table["rows"]![0]!["cells"]![2]);
    }

    [Fact]
    public void DeletedPodIsTerminating()
    {
        var table = Render("", "pods", """{"metadata":{"name":"p","deletionTimestamp":"2025-01-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running"}}""");

        Assert.Equal("Terminating", (string?)table["rows"]![0]!["cells"]![2]);
    }

    [Fact]
    public void DeploymentRowShowsReadyUpToDateAvailable()
    {
        var table = Render("apps", "deployments", """
            {"metadata":{"name":"d1","creationTimestamp":"2025-01-01T11:59:30Z"},
             "spec":{"replicas":3,"selector":{"matchLabels":{"app":"d1"}},"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}},
             "status":{"readyReplicas":1,"updatedReplicas":2,"availableReplicas":1}}
            """);

        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"], Headers(table));
        Assert.Equal("""["d1","1/3",2,1,"30s","web","nginx:1.27","app=d1"]""", Cells(table));
    }

    [Fact]
    public void JobRowShowsCompletionsAndDuration()
    {
        var table = Render("batch", "jobs", """
            {"metadata":{"name":"j"},"spec":{"completions":2,"template":{"spec":{"containers":[{"name":"c","image":"busybox"}]}}},
             "status":{"succeeded":2,"startTime":"2025-01-01T11:00:00Z","completionTime":"2025-01-01T11:00:40Z",
                       "conditions":[{"type":"Complete","status":"True"}]}}
            """);

        Assert.Equal("""["j","Complete","2/2","40s","<unknown>","c","busybox","<none>"]""", Cells(table));
    }

    [Fact]
    public void CronJobRowShowsScheduleAndLastSchedule()
    {
        var table = Render("batch", "cronjobs", """
            {"metadata":{"name":"cj"},"spec":{"schedule":"*/5 * * * *","suspend":false,"jobTemplate":{"spec":{"template":{"spec":{"containers":[]}}}}},
             "status":{"active":[{"name":"cj-1"}],"lastScheduleTime":"2025-01-01T11:57:00Z"}}
            """);

        Assert.Equal(["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age"], Headers(table).Take(7));
        Assert.Equal("""["cj","*/5 * * * *","<none>",false,1,"3m","<unknown>","","","<none>"]""", Cells(table));
    }

    [Fact]
    public void EventRowStartsWithLastSeenAndLowerCasesTheKind()
    {
        var table = Render("", "events", """
            {"metadata":{"name":"p.1"},"type":"Normal","reason":"Pulled","message":" done ","count":3,
             "involvedObject":{"kind":"Pod","name":"p","fieldPath":"spec.containers{a}"},"source":{"component":"kubelet","host":"n1"},
             "firstTimestamp":"2025-01-01T11:50:00Z","lastTimestamp":"2025-01-01T11:59:00Z"}
            """);

        Assert.Equal("""["60s","Normal","Pulled","pod/p","spec.containers{a}","kubelet, n1","done","10m",3,"p.1"]""", Cells(table));
    }

    [Fact]
    public void LeaseAndEndpointsRows()
    {
        Assert.Equal("""["l","agent-1","<unknown>"]""", Cells(Render("coordination.k8s.io", "leases", """{"metadata":{"name":"l"},"spec":{"holderIdentity":"agent-1"}}""")));
        Assert.Equal("""["e","10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...","<unknown>"]""", Cells(Render("", "endpoints", """
            {"metadata":{"name":"e"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],"ports":[{"port":80}]}]}
            """)));
    }

    [Fact]
    public void CustomResourceDefinitionShowsCreatedAt()
    {
        var table = Render("apiextensions.k8s.io", "customresourcedefinitions", """{"metadata":{"name":"widgets.example.com","creationTimestamp":"2025-01-01T10:00:00Z"}}""");

        Assert.Equal(["Name", "Created At"], Headers(table));
        Assert.Equal("""["widgets.example.com","2025-01-01T10:00:00Z"]""", Cells(table));
    }

    [Fact]
    public void RowsCarryPartialObjectMetadataByDefault()
    {
        var table = Render("", "configmaps", """{"metadata":{"name":"cm1","namespace":"x","labels":{"app":"demo"}},"data":{}}""");
        var embedded = table["rows"]![0]!["object"]!;

        Assert.Equal(("PartialObjectMetadata", "meta.k8s.io/v1"), ((string?)embedded["kind"], (string?)embedded["apiVersion"]));
        Assert.Equal("x", (string?)embedded["metadata"]!["namespace"]);
        Assert.Equal("demo", (string?)embedded["metadata"]!["labels"]!["app"]);
        Assert.Null(embedded["data"]);
    }

    [Fact]
    public void IncludeObjectNoneOmitsTheObjectAndListMetadataIsCopied()
    {
        var table = renderer.Render(
            Catalog.Find("", "v1", "configmaps")!, [Parse("""{"metadata":{"name":"cm1"}}""")], IncludeObjectPolicy.None, "v1beta1",
            new JsonObject { ["resourceVersion"] = "108", ["continue"] = "abc" });

        Assert.Equal("meta.k8s.io/v1beta1", (string?)table["apiVersion"]);
        Assert.Null(table["rows"]![0]!["object"]);
        Assert.Equal(("108", "abc"), ((string?)table["metadata"]!["resourceVersion"], (string?)table["metadata"]!["continue"]));
    }

    [Fact]
    public void CustomResourceUsesItsPrinterColumnsAfterName()
    {
        var v1 = CustomResourceDefinitionResources.From(CustomResourceDefinitionResourcesTests.Widgets()).Single(r => r.Version == "v1");
        var table = renderer.Render(v1, [Parse("""
            {"metadata":{"name":"w1"},"spec":{"size":3.0},"status":{"conditions":[{"type":"Synced","status":"False"},{"type":"Ready","status":"True"}]}}
            """)]);

        Assert.Equal(["Name", "Size", "Ready"], Headers(table));
        Assert.Equal(1, (int)table["columnDefinitions"]![2]!["priority"]!);
        Assert.Equal("""["w1",3,"True"]""", Cells(table));
    }

    [Fact]
    public void CustomResourceWithoutColumnsShowsNameAndAge()
    {
        var v1beta1 = CustomResourceDefinitionResources.From(CustomResourceDefinitionResourcesTests.Widgets()).Single(r => r.Version == "v1beta1");

        var table = renderer.Render(v1beta1, [Parse("""{"metadata":{"name":"w1","creationTimestamp":"2025-01-01T09:00:00Z"}}""")]);

        Assert.Equal(["Name", "Age"], Headers(table));
        Assert.Equal("""["w1","3h"]""", Cells(table));
    }

    [Theory]
    [InlineData("integer", "7", "7")]
    [InlineData("integer", "7.9", "7")]
    [InlineData("number", "2", "2")]
    [InlineData("boolean", "true", "true")]
    [InlineData("string", "true", "\"true\"")]
    [InlineData("string", "{\"a\":1}", "\"{\\u0022a\\u0022:1}\"")]
    [InlineData("date", "\"2025-01-01T11:58:00Z\"", "\"2m\"")]
    [InlineData("date", "\"yesterday\"", "\"\\u003Cinvalid\\u003E\"")]
    [InlineData("integer", "\"seven\"", "null")]
    public void CustomCellsAreTypedByTheColumn(string type, string json, string expected)
    {
        var resource = new ServedResource("example.com", "v1", "things", "thing", "Thing", true, BuiltInResources.AllVerbs)
        {
            DefinedBy = "things.example.com",
            PrinterColumns = [new PrinterColumn("Value", type, "", "", 0, ".spec.value")],
        };

        var table = renderer.Render(resource, [Parse("{\"metadata\":{\"name\":\"t\"},\"spec\":{\"value\":" + json + "}}")]);

        Assert.Equal(expected, table["rows"]![0]!["cells"]![1]?.ToJsonString() ?? "null");
    }

    [Fact]
    public void MissingCustomValueIsNull()
    {
        var v1 = CustomResourceDefinitionResources.From(CustomResourceDefinitionResourcesTests.Widgets()).Single(r => r.Version == "v1");

        Assert.Equal("""["w1",null,null]""", Cells(renderer.Render(v1, [Parse("""{"metadata":{"name":"w1"}}""")])));
    }

    private JsonObject Render(string group, string resource, string item) =>
        renderer.Render(Catalog.Find(group, "v1", resource)!, [Parse(item)]);

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static IEnumerable<string?> Headers(JsonObject table) => table["columnDefinitions"]!.AsArray().Select(c => (string?)c!["name"]);

    private static string Cells(JsonObject table) => table["rows"]![0]!["cells"]!.ToJsonString(Relaxed);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
