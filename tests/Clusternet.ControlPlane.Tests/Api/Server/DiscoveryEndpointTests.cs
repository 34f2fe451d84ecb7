namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>/version, /api, /apis, group-versions and aggregated discovery over HTTP.</summary>
public sealed class DiscoveryEndpointTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task VersionReportsMinor32()
    {
        var (code, body) = await server.SendAsync(HttpMethod.Get, "/version");
        Assert.Equal(200, code);
        Assert.Equal("32", (string?)body["minor"]);
    }

    [Fact]
    public async Task ApiListsV1()
    {
        var (_, body) = await server.SendAsync(HttpMethod.Get, "/api", accept: "application/json");
        Assert.Equal("APIVersions", (string?)body["kind"]);
        Assert.Equal("v1", (string?)body["versions"]![0]);
    }

    [Fact]
    public async Task ApisListsAppsGroup()
    {
        var (_, body) = await server.SendAsync(HttpMethod.Get, "/apis", accept: "application/json");
        Assert.Equal("APIGroupList", (string?)body["kind"]);
        Assert.Contains(body["groups"]!.AsArray(), g => (string?)g!["name"] == "apps");
    }

    [Fact]
    public async Task AggregatedV2IsAnsweredWithItsContentType()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "apis");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", response.Content.Headers.ContentType!.ToString().Replace(" ", string.Empty, StringComparison.Ordinal));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("APIGroupDiscoveryList", (string?)body["kind"]);
        Assert.Equal("apidiscovery.k8s.io/v2", (string?)body["apiVersion"]);
        Assert.NotEmpty(body["items"]!.AsArray());
    }

    [Fact]
    public async Task CoreResourceListHasConfigMaps()
    {
        var (_, body) = await server.SendAsync(HttpMethod.Get, "/api/v1");
        Assert.Equal("APIResourceList", (string?)body["kind"]);
        Assert.Contains(body["resources"]!.AsArray(), r => (string?)r!["name"] == "configmaps");
    }

    [Fact]
    public async Task UnknownResourceIsNotFoundInKubeApiserversWords()
    {
        var (code, body) = await server.SendAsync(HttpMethod.Get, "/apis/example.com/v1/widgets");
        Assert.Equal(404, code);
        Assert.Equal("the server could not find the requested resource", (string?)body["message"]);
    }

    [Fact]
    public async Task HealthzIsOk()
    {
        Assert.Equal("ok", await server.Http.GetStringAsync("healthz"));
    }
}
