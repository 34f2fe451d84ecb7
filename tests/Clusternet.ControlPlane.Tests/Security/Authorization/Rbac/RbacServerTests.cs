using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

public sealed class RbacServerTests(RbacServerFixture fixture) : IClassFixture<RbacServerFixture>
{
    [Theory]
    [MemberData(nameof(RbacCases.Requests), MemberType = typeof(RbacCases))]
    public async Task AuthorizesOverHttpsAsTheAuthorizerDecides(string user, string method, string path, bool allowed)
    {
        JsonObject? body = method is "POST" or "PUT" ? new JsonObject { ["metadata"] = new JsonObject { ["name"] = path.EndsWith("allowed", StringComparison.Ordinal) ? "allowed" : "s" } } : null;
        var (code, text) = await fixture.SendAsAsync(user, method, path, body);
        if (allowed)
        {
            Assert.NotEqual(403, code);
        }
        else
        {
            Assert.True(code == 403, $"{method} {path} as {user} answered {code}: {text}");
        }
    }

    [Fact]
    public async Task ARefusedResourceRequestIsKubesForbiddenStatus()
    {
        var (code, text) = await fixture.SendAsAsync("alice", "DELETE", "/api/v1/namespaces/ns1/configmaps/x");
        Assert.Equal(403, code);
        var status = JsonNode.Parse(text)!;
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal("configmaps \"x\" is forbidden: User \"alice\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"ns1\"", status["message"]!.GetValue<string>());
        Assert.Equal("x", status["details"]!["name"]!.GetValue<string>());
        Assert.Equal("configmaps", status["details"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task AForbiddenMessageCarriesTheMissingRoleReason()
    {
        var (_, text) = await fixture.SendAsAsync("dave", "GET", "/api/v1/namespaces/ns1/configmaps");
        Assert.Equal(
            "configmaps is forbidden: User \"dave\" cannot list resource \"configmaps\" in API group \"\" in the namespace \"ns1\": RBAC: clusterrole.rbac.authorization.k8s.io \"missing\" not found",
            JsonNode.Parse(text)!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    [InlineData("/version")]
    public async Task AnonymousMayReadPublicInfo(string path) =>
        Assert.Equal(200, (await fixture.SendAsAsync(null, "GET", path)).Code);

    [Fact]
    public async Task AnonymousMayNotReadDiscovery()
    {
        var (code, text) = await fixture.SendAsAsync(null, "GET", "/api");
        Assert.Equal(403, code);
        Assert.Equal("forbidden: User \"system:anonymous\" cannot get path \"/api\"", JsonNode.Parse(text)!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/api/v1")]
    [InlineData("/apis")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/version")]
    [InlineData("/openapi/v2")]
    public async Task AnAuthenticatedUserMayReadDiscovery(string path) =>
        Assert.Equal(200, (await fixture.SendAsAsync("grace", "GET", path)).Code);

    [Fact]
    public async Task AnAuthenticatedUserWithoutBindingsMayNotReadResources() =>
        Assert.Equal(403, (await fixture.SendAsAsync("grace", "GET", "/api/v1/namespaces/ns1/configmaps")).Code);

    [Fact]
    public async Task AGrantOnOneNameAllowsListingAndWatchingThatNameByFieldSelectorOnly()
    {
        await fixture.AdminCreateAsync(
            "/apis/rbac.authorization.k8s.io/v1/namespaces/ns2/roles",
            JsonNode.Parse("""{"metadata":{"name":"one-map"},"rules":[{"apiGroups":[""],"resources":["configmaps"],"resourceNames":["mine"],"verbs":["get","list","watch"]}]}""")!.AsObject());
        await fixture.AdminCreateAsync(
            "/apis/rbac.authorization.k8s.io/v1/namespaces/ns2/rolebindings",
            JsonNode.Parse("""{"metadata":{"name":"erin-one-map"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"one-map"},"subjects":[{"kind":"User","name":"erin","apiGroup":"rbac.authorization.k8s.io"}]}""")!.AsObject());
        await fixture.WaitUntilAsync("erin", "GET", "/api/v1/namespaces/ns2/configmaps?fieldSelector=metadata.name%3Dmine", allowed: true);

        Assert.NotEqual(403, (await fixture.SendAsAsync("erin", "GET", "/api/v1/namespaces/ns2/configmaps?fieldSelector=metadata.name%3D%3Dmine&watch=true&timeoutSeconds=1")).Code);
        Assert.Equal(403, (await fixture.SendAsAsync("erin", "GET", "/api/v1/namespaces/ns2/configmaps?fieldSelector=metadata.name%3Dtheirs")).Code);
        Assert.Equal(403, (await fixture.SendAsAsync("erin", "GET", "/api/v1/namespaces/ns2/configmaps?fieldSelector=metadata.name%21%3Dmine")).Code);
        Assert.Equal(403, (await fixture.SendAsAsync("erin", "GET", "/api/v1/namespaces/ns2/configmaps")).Code);
    }

    [Fact]
    public async Task ARoleBindingToTheAggregatedViewRoleGrantsReadsInItsNamespaceOnly()
    {
        await fixture.AdminCreateAsync(
            "/apis/rbac.authorization.k8s.io/v1/namespaces/ns2/rolebindings",
            JsonNode.Parse("""{"metadata":{"name":"grace-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"grace","apiGroup":"rbac.authorization.k8s.io"}]}""")!.AsObject());
        await fixture.WaitUntilAsync("grace", "GET", "/apis/apps/v1/namespaces/ns2/deployments", allowed: true);
        Assert.Equal(403, (await fixture.SendAsAsync("grace", "GET", "/apis/apps/v1/namespaces/ns1/deployments")).Code);
        Assert.Equal(403, (await fixture.SendAsAsync("grace", "GET", "/api/v1/namespaces/ns2/secrets")).Code);
    }
}
