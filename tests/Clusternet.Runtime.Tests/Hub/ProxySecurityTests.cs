using System.Net;
using System.Text.Json.Nodes;
using Clusternet.Redirection;
using Clusternet.Runtime.Tests.Hub.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>Who may go through the sockets proxy, with which identity in the child, and what the hub refuses.</summary>
[Collection(HubCollection.Name)]
public sealed class ProxySecurityTests(HubFixture hub)
{
    private static string MessageOf(HttpOperationException error) => (string?)JsonNode.Parse(error.Response.Content)!["message"] ?? string.Empty;

    private string ProxyPath(string clusterId, string rest) => $"apis/proxies.clusternet.io/v1alpha1/sockets/{clusterId}/proxy/{rest}";

    [Fact]
    public async Task PassthroughUserGetsExactlyTheChildRbacOfThatUser()
    {
        using var alice = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.ParentConfiguration(HubFixture.AliceToken));

        // alice is bound to view in AliceNamespace in the child: reading there works, writing there and reading elsewhere do not.
        await alice.CoreV1.ListNamespacedConfigMapAsync(HubFixture.AliceNamespace);
        var write = await Assert.ThrowsAsync<HttpOperationException>(() => alice.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "nope" } }, HubFixture.AliceNamespace));
        Assert.Equal(HttpStatusCode.Forbidden, write.Response.StatusCode);
        Assert.Contains("User \"alice\" cannot create resource \"configmaps\"", MessageOf(write), StringComparison.Ordinal);
        var elsewhere = await Assert.ThrowsAsync<HttpOperationException>(() => alice.CoreV1.ListNamespacedConfigMapAsync("default"));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Response.StatusCode);
    }

    [Fact]
    public async Task UpstreamModeUsesTheCallersChildToken()
    {
        using var asCarol = ClusterRedirection.ForCluster(hub.ClusterId, ChildCredentials.FromToken(HubFixture.CarolChildToken))
            .CreateKubernetes(hub.ParentConfiguration(HubFixture.AliceToken));

        // carol (edit in AliceNamespace) may write where alice may only read: the child saw carol, not alice.
        var name = "carol-" + Guid.NewGuid().ToString("N")[..6];
        await asCarol.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = name } }, HubFixture.AliceNamespace);
        var denied = await Assert.ThrowsAsync<HttpOperationException>(() => asCarol.CoreV1.ListNamespacedConfigMapAsync("default"));
        Assert.Contains("User \"carol\"", MessageOf(denied), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerWithoutSocketsProxyRightsIsForbiddenByTheHub()
    {
        using var bob = hub.HubClient(HubFixture.BobToken);
        using var response = await bob.GetAsync(ProxyPath(hub.ClusterId, "direct/api/v1/namespaces"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal(
            $"sockets.proxies.clusternet.io \"{hub.ClusterId}\" is forbidden: User \"bob\" cannot get resource \"sockets/proxy\" in API group \"proxies.clusternet.io\" at the cluster scope",
            (string?)status["message"]);
    }

    [Fact]
    public async Task CallerWithoutSocketsProxyRightsIsForbiddenThroughTheParent()
    {
        using var bob = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.ParentConfiguration(HubFixture.BobToken));
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => bob.CoreV1.ListNamespaceAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
    }

    [Fact]
    public async Task AnonymousIsUnauthorized()
    {
        using var anonymous = hub.HubClient();
        using var response = await anonymous.GetAsync(ProxyPath(hub.ClusterId, "direct/api/v1/namespaces"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Status", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["kind"]);
    }

    [Fact]
    public async Task ForgedRemoteUserHeadersWithoutTheFrontProxyCertificateAreIgnored()
    {
        using var forged = hub.HubClient();
        forged.DefaultRequestHeaders.Add("X-Remote-User", "clusternet-admin");
        forged.DefaultRequestHeaders.Add("X-Remote-Group", "system:masters");
        using var response = await forged.GetAsync(ProxyPath(hub.ClusterId, "direct/api/v1/namespaces"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("direct/api/v1/namespaces/../../../secrets")]
    [InlineData("direct/api/v1/namespaces/%2e%2e/%2E%2E/secrets")]
    [InlineData("direct/api%2Fv1/namespaces")]
    [InlineData("direct/api/v1%5cnamespaces")]
    [InlineData("https/127.0.0.1:1/..")]
    public async Task TraversalAndEncodedSeparatorsAreRefused(string rest)
    {
        var (code, body) = await RawHttps.SendAsync(hub.HubAddress, "/" + ProxyPath(hub.ClusterId, rest), HubFixture.AliceToken);
        Assert.Equal(400, code);
        Assert.Contains("\"kind\":\"Status\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PassthroughReplacesTheCallersCredentialAndIdentityHeaders()
    {
        using var alice = hub.HubClient(HubFixture.AliceToken);
        using var request = new HttpRequestMessage(HttpMethod.Get, ProxyPath(hub.EchoClusterId, "direct/echo?x=1"));
        request.Headers.Add("Impersonate-User", "root");
        request.Headers.Add("Impersonate-Group", "system:masters");
        request.Headers.Add("Impersonate-Extra-Scopes", "all");
        request.Headers.Add("X-Remote-User", "mallory");
        request.Headers.Add("X-Remote-Extra-Clusternet-Token", "stolen");
        using var response = await alice.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var echo = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var headers = echo["headers"]!.AsObject();

        Assert.Equal("/echo", (string?)echo["path"]);
        Assert.Equal("?x=1", (string?)echo["query"]);
        Assert.Equal("Bearer " + EchoServer.DeployerToken, (string?)headers["authorization"]![0]);
        Assert.Equal(["alice"], headers["impersonate-user"]!.AsArray().Select(v => (string?)v));
        Assert.Equal(["developers"], headers["impersonate-group"]!.AsArray().Select(v => (string?)v));
        Assert.DoesNotContain(headers, h => h.Key.StartsWith("x-remote-", StringComparison.Ordinal));
        Assert.DoesNotContain(headers, h => h.Key.StartsWith("impersonate-extra-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamModeForwardsOnlyTheChildTokenThroughTheParent()
    {
        var redirect = ClusterRedirection.ForCluster(hub.EchoClusterId, ChildCredentials.FromToken("child-token-xyz")).CreateHandler(hub.Parent.BaseAddress);
        redirect.InnerHandler = hub.ParentTrustingHandler();
        using var parent = new HttpClient(redirect) { BaseAddress = hub.Parent.BaseAddress };
        parent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HubFixture.AliceToken);
        using var response = await parent.GetAsync("api/v1/namespaces");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var headers = JsonNode.Parse(text)!["headers"]!.AsObject();
        Assert.Equal("Bearer child-token-xyz", (string?)headers["authorization"]![0]);
        Assert.DoesNotContain(headers, h => h.Key.StartsWith("impersonate-", StringComparison.Ordinal) || h.Key.StartsWith("x-remote-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SharedProxyUserWithoutChildCredentialsIsNotPassedThrough()
    {
        var redirect = ClusterRedirection.ForCluster(hub.ClusterId).CreateHandler(hub.Parent.BaseAddress);
        redirect.InnerHandler = hub.ParentTrustingHandler();
        using var parent = new HttpClient(redirect) { BaseAddress = hub.Parent.BaseAddress };
        parent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", HubFixture.AliceToken);
        parent.DefaultRequestHeaders.Add("Impersonate-User", "clusternet");
        using var response = await parent.GetAsync("api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("shared proxy identity", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
