using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Tests.Api.Discovery;

public sealed class DiscoveryDocumentTests
{
    [Fact]
    public void VersionReportsMinor32OnLinuxAmd64()
    {
        var version = new ServerVersion().ToJson();

        Assert.Equal("1", (string?)version["major"]);
        Assert.Equal("32", (string?)version["minor"]);
        Assert.StartsWith("v1.32.", (string?)version["gitVersion"]);
        Assert.Equal("linux/amd64", (string?)version["platform"]);
        Assert.Equal("gc", (string?)version["compiler"]);
    }

    [Fact]
    public void ApiVersionsListsV1()
    {
        var document = LegacyDiscovery.ApiVersions("127.0.0.1:6443");

        Assert.Equal("APIVersions", (string?)document["kind"]);
        Assert.Equal(["v1"], document["versions"]!.AsArray().Select(v => (string?)v));
        Assert.Equal("0.0.0.0/0", (string?)document["serverAddressByClientCIDRs"]![0]!["clientCIDR"]);
    }

    [Fact]
    public void ApiGroupListNamesEachGroupWithItsPreferredVersion()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        catalog.Apply(CustomResourceDefinitionResourcesTests.Widgets());

        var document = LegacyDiscovery.ApiGroupList(catalog);
        var groups = document["groups"]!.AsArray();
        var widgets = groups.Single(g => (string?)g!["name"] == "example.com")!;

        Assert.Equal(("APIGroupList", "v1"), ((string?)document["kind"], (string?)document["apiVersion"]));
        Assert.DoesNotContain(groups, g => (string?)g!["name"] == "");
        Assert.Equal("apps/v1", (string?)groups.Single(g => (string?)g!["name"] == "apps")!["preferredVersion"]!["groupVersion"]);
        Assert.Equal(["example.com/v1", "example.com/v1beta1"], widgets["versions"]!.AsArray().Select(v => (string?)v!["groupVersion"]));
        Assert.Equal("v1", (string?)widgets["preferredVersion"]!["version"]);
    }

    [Fact]
    public void ApiResourceListDescribesResourcesAndSubresources()
    {
        var document = LegacyDiscovery.ApiResourceList(ResourceCatalog.CreateWithBuiltIns(), "apps", "v1")!;
        var resources = document["resources"]!.AsArray();
        var deployments = resources.Single(r => (string?)r!["name"] == "deployments")!;
        var scale = resources.Single(r => (string?)r!["name"] == "deployments/scale")!;
        var status = resources.Single(r => (string?)r!["name"] == "deployments/status")!;

        Assert.Equal(("APIResourceList", "v1", "apps/v1"), ((string?)document["kind"], (string?)document["apiVersion"], (string?)document["groupVersion"]));
        Assert.Equal("deployment", (string?)deployments["singularName"]);
        Assert.True((bool)deployments["namespaced"]!);
        Assert.Equal("Deployment", (string?)deployments["kind"]);
        Assert.Equal(BuiltInResources.AllVerbs, deployments["verbs"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["deploy"], deployments["shortNames"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["all"], deployments["categories"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(12, ((string?)deployments["storageVersionHash"])!.Length);
        Assert.Equal(("autoscaling", "v1", "Scale", ""), ((string?)scale["group"], (string?)scale["version"], (string?)scale["kind"], (string?)scale["singularName"]));
        Assert.Null(status["group"]);
        Assert.Equal(["get", "patch", "update"], status["verbs"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void CoreResourceListIsServedAtV1()
    {
        var document = LegacyDiscovery.ApiResourceList(ResourceCatalog.CreateWithBuiltIns(), "", "v1")!;
        var names = document["resources"]!.AsArray().Select(r => (string?)r!["name"]).ToList();

        Assert.Equal("v1", (string?)document["groupVersion"]);
        Assert.Contains("pods/log", names);
        Assert.Contains("pods/exec", names);
        Assert.Contains("serviceaccounts/token", names);
        Assert.Contains("namespaces/finalize", names);
    }

    [Fact]
    public void UnservedGroupVersionHasNoResourceList()
    {
        Assert.Null(LegacyDiscovery.ApiResourceList(ResourceCatalog.CreateWithBuiltIns(), "apps", "v1beta1"));
    }

    [Fact]
    public void StorageVersionHashIsStable()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        var pods = catalog.Find("", "v1", "pods")!;

        Assert.Equal(LegacyDiscovery.StorageVersionHash(catalog, pods), LegacyDiscovery.StorageVersionHash(ResourceCatalog.CreateWithBuiltIns(), pods));
        Assert.Null(LegacyDiscovery.StorageVersionHash(catalog, catalog.Find("authentication.k8s.io", "v1", "tokenreviews")!));
    }

    [Theory]
    [InlineData("v2")]
    [InlineData("v2beta1")]
    public void AggregatedApiHoldsTheCoreGroupNamedEmpty(string version)
    {
        var document = AggregatedDiscovery.Build(ResourceCatalog.CreateWithBuiltIns(), DiscoveryRoot.Api, version);
        var item = Assert.Single(document["items"]!.AsArray())!;
        var v1 = Assert.Single(item["versions"]!.AsArray())!;

        Assert.Equal(("APIGroupDiscoveryList", "apidiscovery.k8s.io/" + version), ((string?)document["kind"], (string?)document["apiVersion"]));
        Assert.NotNull(document["metadata"]);
        Assert.Equal("", (string?)item["metadata"]!["name"]);
        Assert.Equal(("v1", "Current"), ((string?)v1["version"], (string?)v1["freshness"]));
    }

    [Fact]
    public void AggregatedResourceCarriesKindScopeNamesAndSubresources()
    {
        var document = AggregatedDiscovery.Build(ResourceCatalog.CreateWithBuiltIns(), DiscoveryRoot.Apis);
        var apps = document["items"]!.AsArray().Single(i => (string?)i!["metadata"]!["name"] == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => (string?)r!["resource"] == "deployments")!;
        var scale = deployments["subresources"]!.AsArray().Single(s => (string?)s!["subresource"] == "scale")!;

        Assert.Equal(("apps", "v1", "Deployment"), Kind(deployments["responseKind"]));
        Assert.Equal("Namespaced", (string?)deployments["scope"]);
        Assert.Equal("deployment", (string?)deployments["singularResource"]);
        Assert.Equal(["deploy"], deployments["shortNames"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["all"], deployments["categories"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(("autoscaling", "v1", "Scale"), Kind(scale["responseKind"]));
        Assert.Equal(["get", "patch", "update"], scale["verbs"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void AggregatedApisOmitsTheCoreGroupAndMarksClusterScope()
    {
        var document = AggregatedDiscovery.Build(ResourceCatalog.CreateWithBuiltIns(), DiscoveryRoot.Apis);
        var items = document["items"]!.AsArray();
        var crds = items.Single(i => (string?)i!["metadata"]!["name"] == "apiextensions.k8s.io")!["versions"]![0]!["resources"]![0]!;

        Assert.DoesNotContain(items, i => (string?)i!["metadata"]!["name"] == "");
        Assert.Equal("Cluster", (string?)crds["scope"]);
    }

    [Fact]
    public void CustomResourceAppearsInAggregatedDiscoveryAndGoesWithItsDefinition()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        catalog.Apply(CustomResourceDefinitionResourcesTests.Widgets());
        var versions = Group(AggregatedDiscovery.Build(catalog, DiscoveryRoot.Apis), "example.com")!["versions"]!.AsArray();

        Assert.Equal(["v1", "v1beta1"], versions.Select(v => (string?)v!["version"]));
        Assert.Equal(["wd"], versions[0]!["resources"]![0]!["shortNames"]!.AsArray().Select(v => (string?)v));

        catalog.RemoveDefinition("widgets.example.com");

        Assert.Null(Group(AggregatedDiscovery.Build(catalog, DiscoveryRoot.Apis), "example.com"));
    }

    [Fact]
    public void DocumentCacheServesTheNewDefinitionAfterAChange()
    {
        var catalog = ResourceCatalog.CreateWithBuiltIns();
        var cache = new DiscoveryDocumentCache(catalog, "127.0.0.1:6443");
        var before = cache.Root(DiscoveryRoot.Apis, DiscoveryFormat.AggregatedV2);

        catalog.Apply(CustomResourceDefinitionResourcesTests.Widgets());
        var after = JsonNode.Parse(cache.Root(DiscoveryRoot.Apis, DiscoveryFormat.AggregatedV2))!;

        Assert.Null(Group(JsonNode.Parse(before)!.AsObject(), "example.com"));
        Assert.NotNull(Group(after.AsObject(), "example.com"));
        Assert.NotNull(cache.ResourceList("example.com", "v1"));
    }

    private static JsonNode? Group(JsonObject list, string name) =>
        list["items"]!.AsArray().SingleOrDefault(i => (string?)i!["metadata"]!["name"] == name);

    private static (string?, string?, string?) Kind(JsonNode? kind) =>
        ((string?)kind!["group"], (string?)kind["version"], (string?)kind["kind"]);
}
