using System.Net;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary><c>/openapi/v2</c> and <c>/openapi/v3</c> over HTTP, built from the instance's catalog.</summary>
public sealed class OpenApiServerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string Definition = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
         "metadata":{"name":"gadgets.openapi.example.com"},
         "spec":{"group":"openapi.example.com","scope":"Namespaced",
          "names":{"plural":"gadgets","singular":"gadget","kind":"Gadget","listKind":"GadgetList"},
          "versions":[{"name":"v1","served":true,"storage":true,
           "schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"}}}}}}}]}}
        """;

    private async Task<(HttpResponseMessage Response, string Text)> GetAsync(string path, string? accept = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        var response = await server.Http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SwaggerJsonDescribesBuiltInKinds()
    {
        var (response, text) = await GetAsync("/openapi/v2", accept: "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var document = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("2.0", (string?)document["swagger"]);
        Assert.NotNull(document["definitions"]?["io.k8s.api.apps.v1.Deployment"]);
    }

    [Fact]
    public async Task SwaggerProtobufIsServedWhenAskedFor()
    {
        var (response, _) = await GetAsync("/openapi/v2", accept: "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/com.github.proto-openapi.spec.v2.v1.0+protobuf", response.Content.Headers.ContentType?.ToString());
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task V3IndexLinksGroupVersionDocuments()
    {
        var (response, text) = await GetAsync("/openapi/v3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (string?)JsonNode.Parse(text)!["paths"]?["api/v1"]?["serverRelativeURL"];
        Assert.StartsWith("/openapi/v3/api/v1?hash=", url, StringComparison.Ordinal);

        var (gvResponse, gvText) = await GetAsync(url!);
        Assert.Equal(HttpStatusCode.OK, gvResponse.StatusCode);
        Assert.NotNull(JsonNode.Parse(gvText)!["components"]?["schemas"]?["io.k8s.api.core.v1.ConfigMap"]);
    }

    [Fact]
    public async Task MatchingIfNoneMatchIsNotModified()
    {
        var (first, _) = await GetAsync("/openapi/v3/apis/apps/v1");
        var etag = first.Headers.ETag?.ToString();
        Assert.False(string.IsNullOrEmpty(etag));

        var (second, text) = await GetAsync("/openapi/v3/apis/apps/v1", ifNoneMatch: etag);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(string.Empty, text);
    }

    [Fact]
    public async Task UnknownGroupVersionIsNotFoundStatus()
    {
        var (code, body) = await server.SendAsync(HttpMethod.Get, "/openapi/v3/apis/nothing.example.com/v1");
        Assert.Equal(404, code);
        Assert.Equal("Status", (string?)body["kind"]);
        Assert.Equal("NotFound", (string?)body["reason"]);
    }

    [Fact]
    public async Task InstalledDefinitionAppearsInBothVersions()
    {
        var (created, _) = await server.SendAsync(HttpMethod.Post, "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Definition);
        Assert.Equal(201, created);

        var (_, index) = await GetAsync("/openapi/v3");
        Assert.NotNull(JsonNode.Parse(index)!["paths"]?["apis/openapi.example.com/v1"]);
        var (_, v3) = await GetAsync("/openapi/v3/apis/openapi.example.com/v1");
        var schema = JsonNode.Parse(v3)!["components"]?["schemas"]?["com.example.openapi.v1.Gadget"];
        Assert.Equal("integer", (string?)schema?["properties"]?["spec"]?["properties"]?["size"]?["type"]);
        var (_, v2) = await GetAsync("/openapi/v2", accept: "application/json");
        Assert.NotNull(JsonNode.Parse(v2)!["definitions"]?["com.example.openapi.v1.Gadget"]);
    }
}
