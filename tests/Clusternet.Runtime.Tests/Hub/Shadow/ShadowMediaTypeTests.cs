using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

/// <summary>Bodies in JSON or YAML, never protobuf, as upstream's hub.</summary>
[Collection(ShadowCollection.Name)]
public sealed class ShadowMediaTypeTests(ShadowFixture fixture) : IDisposable
{
    private readonly HttpClientHandler handler = new() { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };

    public void Dispose() => handler.Dispose();

    private HttpRequestMessage Request(HttpMethod method, string path, string body, string contentType) => new(method, new Uri(fixture.Address, path))
    {
        Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)),
    };

    [Fact]
    public async Task A_yaml_body_is_stored_with_its_types()
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        const string yaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  labels:\n    tier: \"3\"\ndata:\n  count: \"42\"\n";

        using var response = await http.SendAsync(Request(HttpMethod.Post, "/apis/shadow/v1alpha1/namespaces/yaml/configmaps", yaml, "application/yaml"));
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("42", created["data"]!["count"]!.GetValue<string>());
        Assert.Equal("3", created["metadata"]!["labels"]!["tier"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_client_that_accepts_only_yaml_gets_yaml()
    {
        using var http = new HttpClient(handler, disposeHandler: false);
        using (var created = await http.SendAsync(Request(HttpMethod.Post, "/apis/shadow/v1alpha1/namespaces/yaml/configmaps", """{"metadata":{"name":"as-yaml"},"data":{"a":"1"}}""", "application/json")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(fixture.Address, "/apis/shadow/v1alpha1/namespaces/yaml/configmaps/as-yaml"));
        get.Headers.Accept.ParseAdd("application/yaml");
        using var response = await http.SendAsync(get);
        var read = Clusternet.Runtime.Hub.Shadow.ShadowBodies.FromYaml(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("application/yaml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("as-yaml", read["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("1", read["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_protobuf_body_is_415()
    {
        using var http = new HttpClient(handler, disposeHandler: false);

        using var response = await http.SendAsync(Request(HttpMethod.Post, "/apis/shadow/v1alpha1/namespaces/proto/configmaps", "k8s\0", "application/vnd.kubernetes.protobuf"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("Status", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_resource_is_404()
    {
        using var http = new HttpClient(handler, disposeHandler: false);

        using var response = await http.GetAsync(new Uri(fixture.Address, "/apis/shadow/v1alpha1/namespaces/x/manifests"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
