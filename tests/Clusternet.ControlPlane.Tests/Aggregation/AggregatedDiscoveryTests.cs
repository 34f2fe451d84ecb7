using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Tests.Hosting.Kubectl;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>A registered backend's group appears in the server's discovery documents, as kube-aggregator merges it.</summary>
public sealed class AggregatedDiscoveryTests(AggregationFixture fixture) : IClassFixture<AggregationFixture>
{
    private const string V2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

    [Fact]
    public async Task LegacyGroupListIncludesTheBackendGroupAfterTheBuiltInGroups()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Get, "/apis");

        Assert.Equal(200, code);
        var names = body["groups"]!.AsArray().Select(g => g!["name"]!.GetValue<string>()).ToList();
        Assert.Contains(AggregationFixture.Group, names);
        Assert.True(names.IndexOf("apps") < names.IndexOf(AggregationFixture.Group), string.Join(",", names));
        var group = body["groups"]!.AsArray().First(g => g!["name"]!.GetValue<string>() == AggregationFixture.Group)!;
        Assert.Equal("test.clusternet.io/v1", group["preferredVersion"]!["groupVersion"]!.GetValue<string>());
    }

    [Fact]
    public async Task GroupDocumentOfTheBackendGroupIsServed()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Get, "/apis/" + AggregationFixture.Group);

        Assert.Equal(200, code);
        Assert.Equal("APIGroup", body["kind"]!.GetValue<string>());
        Assert.Equal("v1", body["versions"]![0]!["version"]!.GetValue<string>());
    }

    [Fact]
    public async Task ResourceListOfTheBackendVersionIsTheBackendsOwn()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Get, "/apis/" + AggregationFixture.Group + "/v1");

        Assert.Equal(200, code);
        Assert.Equal("widgets", body["resources"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task AggregatedDiscoveryListsTheBackendsResources()
    {
        var version = await WaitForAggregatedGroupAsync(V2);

        Assert.Equal("Current", version["freshness"]!.GetValue<string>());
        var widgets = version["resources"]!.AsArray().Single()!;
        Assert.Equal("widgets", widgets["resource"]!.GetValue<string>());
        Assert.Equal("Namespaced", widgets["scope"]!.GetValue<string>());
        Assert.Equal("Widget", widgets["responseKind"]!["kind"]!.GetValue<string>());
        Assert.Equal("status", widgets["subresources"]![0]!["subresource"]!.GetValue<string>());
    }

    [Fact]
    public async Task AggregatedDiscoveryV2Beta1ListsTheBackendGroupToo()
    {
        var version = await WaitForAggregatedGroupAsync("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");

        Assert.Equal("v1", version["version"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task KubectlApiResourcesListsTheBackendResource()
    {
        await WaitForAggregatedGroupAsync(V2);
        var directory = Directory.CreateTempSubdirectory("cp-aggregation-kubectl").FullName;
        try
        {
            var kubeconfig = Path.Combine(directory, "kubeconfig");
            await fixture.Plane.WriteKubeconfigAsync(kubeconfig);

            var (code, output) = await KubectlProcess.RunAsync(["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(directory, "cache"), "api-resources", "--api-group=" + AggregationFixture.Group]);

            Assert.True(code == 0, output);
            Assert.Contains("widgets", output, StringComparison.Ordinal);
            Assert.Contains("wdg", output, StringComparison.Ordinal);
            Assert.Contains("test.clusternet.io/v1", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The backend's resources are fetched in the background once the APIService is Available; poll (10 s at most).</summary>
    private async Task<JsonObject> WaitForAggregatedGroupAsync(string accept)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonObject? body = null;
        while (DateTime.UtcNow < deadline)
        {
            (_, body) = await fixture.SendAsync(HttpMethod.Get, "/apis", accept: accept);
            var group = body["items"]!.AsArray().FirstOrDefault(i => i!["metadata"]!["name"]!.GetValue<string>() == AggregationFixture.Group);
            if (group is not null)
            {
                return group["versions"]![0]!.AsObject();
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the group never appeared in aggregated discovery: " + body);
    }
}
