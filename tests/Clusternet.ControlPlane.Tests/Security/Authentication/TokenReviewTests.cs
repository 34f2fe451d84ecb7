using k8s;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>TokenReview: whether a token is valid, for whom and for which audiences; bad tokens are 201 with status.error.</summary>
public sealed class TokenReviewTests(AuthenticationFixture server) : IClassFixture<AuthenticationFixture>
{
    private const string ApiAudience = "https://kubernetes.default.svc.cluster.local";

    [Fact]
    public async Task AValidServiceAccountTokenIsReviewedAuthenticatedForTheApiAudience()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account)).Status.Token;

        var status = await ReviewAsync(token);

        Assert.True((bool?)status["authenticated"]);
        Assert.Equal($"system:serviceaccount:{account.Metadata.NamespaceProperty}:robot", (string?)status["user"]!["username"]);
        Assert.Equal(account.Metadata.Uid, (string?)status["user"]!["uid"]);
        Assert.Equal([ApiAudience], AuthenticationFixture.Strings(status["audiences"]));
    }

    [Fact]
    public async Task ATokenForACustomAudienceIsAuthenticatedForThatAudience()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account, audiences: ["vault", "nats"])).Status.Token;

        var status = await ReviewAsync(token, "nats", "other");

        Assert.True((bool?)status["authenticated"]);
        Assert.Equal(["nats"], AuthenticationFixture.Strings(status["audiences"]));
    }

    [Fact]
    public async Task ATokenReviewedForAnotherAudienceIsNotAuthenticated()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account)).Status.Token;

        var status = await ReviewAsync(token, "vault");

        Assert.Null(status["authenticated"]);
        Assert.Contains("is invalid for the target audiences [\"vault\"]", (string?)status["error"], StringComparison.Ordinal);
        Assert.Empty(status["user"]!.AsObject());
    }

    [Fact]
    public async Task AnUnknownTokenIsReportedAsAnInvalidBearerToken()
    {
        var status = await ReviewAsync("nobody-knows-this");

        Assert.Null(status["authenticated"]);
        Assert.Equal("invalid bearer token", (string?)status["error"]);
    }

    [Fact]
    public async Task ARevokedTokenIsReportedWithTheReason()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account)).Status.Token;
        await server.Client.CoreV1.DeleteNamespacedServiceAccountAsync("robot", account.Metadata.NamespaceProperty);

        var status = await ReviewAsync(token);

        Assert.Null(status["authenticated"]);
        Assert.Equal("service account token has been invalidated", (string?)status["error"]);
    }

    [Fact]
    public async Task TheAdminTokenIsAuthenticatedForTheApiAudienceOnly()
    {
        var forApi = await ReviewAsync(server.Plane.AdminToken);
        var forVault = await ReviewAsync(server.Plane.AdminToken, "vault");

        Assert.True((bool?)forApi["authenticated"]);
        Assert.Equal(["system:masters", "system:authenticated"], AuthenticationFixture.Strings(forApi["user"]!["groups"]));
        Assert.Null(forVault["authenticated"]);
    }

    [Fact]
    public async Task AReviewWithoutATokenIsABadRequest()
    {
        var (code, body) = await server.SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{}}""");

        Assert.Equal(400, code);
        Assert.Equal("token is required for TokenReview in authentication", (string?)body["message"]);
    }

    [Fact]
    public async Task KubernetesClientReadsTheReview()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account)).Status.Token;

        var review = await server.Client.AuthenticationV1.CreateTokenReviewAsync(new k8s.Models.V1TokenReview { Spec = new k8s.Models.V1TokenReviewSpec { Token = token } });

        Assert.True(review.Status.Authenticated);
        Assert.Contains("system:serviceaccounts", review.Status.User.Groups);
    }

    private async Task<JsonObject> ReviewAsync(string token, params string[] audiences)
    {
        var spec = new JsonObject { ["token"] = token };
        if (audiences.Length > 0)
        {
            spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        }

        var review = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenReview", ["spec"] = spec };
        var (code, body) = await server.SendAsync(HttpMethod.Post, "/apis/authentication.k8s.io/v1/tokenreviews", review.ToJsonString());
        Assert.True(code == 201, body.ToJsonString());
        Assert.Equal("TokenReview", (string?)body["kind"]);
        return body["status"]!.AsObject();
    }
}
