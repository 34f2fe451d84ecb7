using Clusternet.ControlPlane.Hosting;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>SelfSubjectAccessReview and SelfSubjectRulesReview: questions about the caller itself.</summary>
public sealed class SelfSubjectReviewTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private const string RulesReviews = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    [Fact]
    public async Task TheCallerIsAllowedWhatItMayDo()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.AliceToken, "web");

        Assert.Equal(201, code);
        Assert.Equal("SelfSubjectAccessReview", body["kind"]!.GetValue<string>());
        Assert.Equal("web", body["spec"]!["resourceAttributes"]!["namespace"]!.GetValue<string>());
        Assert.True(body["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheCallerIsNotAllowedWhatItMayNotDo()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.BobToken, "web");

        Assert.Equal(201, code);
        Assert.False(body["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ASelfReviewWithoutAttributesIsInvalid()
    {
        var (code, body) = await fixture.SendAsAsync(AccessFixture.AliceToken, HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", """{"spec":{}}""");

        Assert.Equal(422, code);
        Assert.Equal(
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheRulesReviewListsTheCallersRulesInTheNamespace()
    {
        var (code, body) = await fixture.SendAsAsync(AccessFixture.AliceToken, HttpMethod.Post, RulesReviews, """{"spec":{"namespace":"team"}}""");

        Assert.Equal(201, code);
        var status = body["status"]!;
        Assert.False(status["incomplete"]!.GetValue<bool>());
        var rules = status["resourceRules"]!.AsArray().Select(r => (r!["verbs"]![0]!.GetValue<string>(), r["resources"]![0]!.GetValue<string>())).ToList();
        Assert.Contains(("create", "configmaps"), rules);
        Assert.Contains(("list", "pods"), rules);
        Assert.Contains(status["nonResourceRules"]!.AsArray(), r => r!["nonResourceURLs"]![0]!.GetValue<string>() == "*");
    }

    [Fact]
    public async Task TheRulesReviewLeavesOutRulesOfOtherNamespaces()
    {
        var (_, body) = await fixture.SendAsAsync(AccessFixture.AliceToken, HttpMethod.Post, RulesReviews, """{"spec":{"namespace":"web"}}""");

        Assert.DoesNotContain(body["status"]!["resourceRules"]!.AsArray(), r => r!["resources"]![0]!.GetValue<string>() == "pods");
    }

    [Fact]
    public async Task ARulesReviewWithoutANamespaceIsABadRequest()
    {
        var (code, body) = await fixture.SendAsAsync(AccessFixture.AliceToken, HttpMethod.Post, RulesReviews, """{"spec":{}}""");

        Assert.Equal(400, code);
        Assert.Equal("no namespace on request", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAdminsRulesComeFromTheClusterAdminBinding()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions());
        using var http = new HttpClient(plane.CreateAdminHandler()) { BaseAddress = plane.BaseAddress };

        using var response = await http.PostAsync(RulesReviews.TrimStart('/'), new StringContent("""{"spec":{"namespace":"default"}}""", System.Text.Encoding.UTF8, "application/json"));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        // system:masters is bound to cluster-admin by the RBAC bootstrap policy: every verb on every resource.
        Assert.Equal(201, (int)response.StatusCode);
        Assert.False(body["status"]!["incomplete"]!.GetValue<bool>());
        Assert.Contains(body["status"]!["resourceRules"]!.AsArray(), rule =>
            rule!["verbs"]![0]!.GetValue<string>() == "*" && rule["resources"]![0]!.GetValue<string>() == "*" && rule["apiGroups"]![0]!.GetValue<string>() == "*");
    }

    [Fact]
    public async Task WithAuthorizationOffTheRulesAllowEverything()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { Security = new ControlPlaneSecurityOptions { Authorization = false } });
        using var http = new HttpClient(plane.CreateAdminHandler()) { BaseAddress = plane.BaseAddress };

        using var response = await http.PostAsync(RulesReviews.TrimStart('/'), new StringContent("""{"spec":{"namespace":"default"}}""", System.Text.Encoding.UTF8, "application/json"));
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var rule = Assert.Single(body["status"]!["resourceRules"]!.AsArray())!;
        Assert.Equal("*", rule["resources"]![0]!.GetValue<string>());
        Assert.Equal("*", rule["verbs"]![0]!.GetValue<string>());
    }
}
