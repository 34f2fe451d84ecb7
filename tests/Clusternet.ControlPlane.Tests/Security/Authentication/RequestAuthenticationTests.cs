using k8s;
using Clusternet.ControlPlane.Hosting;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>The authentication stage as a whole: static tokens, anonymous requests, and 401 versus 403.</summary>
public sealed class RequestAuthenticationTests(AuthenticationFixture server) : IClassFixture<AuthenticationFixture>
{
    [Fact]
    public async Task TheAdminTokenIsTheClusterAdmin()
    {
        var user = await server.WhoAmIAsync(server.Plane.AdminToken);

        Assert.Equal("clusternet-admin", (string?)user["username"]);
        Assert.Equal(["system:masters", "system:authenticated"], AuthenticationFixture.Strings(user["groups"]));
    }

    [Fact]
    public async Task ARequestWithoutCredentialsIsUnauthorized() =>
        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token: null));

    [Fact]
    public async Task AStaticTokenFromTheOptionsAuthenticatesItsUser()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions
        {
            Security = new() { Authorization = false, Tokens = new Dictionary<string, StaticTokenUser> { ["s3cret"] = new("ops", ["operators"]) { Uid = "42" } } },
        });
        using var client = new k8s.Kubernetes(plane.CreateConfiguration("s3cret"));

        var review = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new k8s.Models.V1SelfSubjectReview());

        Assert.Equal("ops", review.Status.UserInfo.Username);
        Assert.Equal("42", review.Status.UserInfo.Uid);
        Assert.Equal(["operators", "system:authenticated"], review.Status.UserInfo.Groups);
    }

    [Fact]
    public async Task AnAuthenticatedServiceAccountIsForbiddenNotUnauthorizedWhenAuthorizationRefusesIt()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions());
        using var admin = new k8s.Kubernetes(plane.CreateAdminConfiguration());
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new k8s.Models.V1ServiceAccount { Metadata = new() { Name = "robot" } }, "default");
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new k8s.Models.Authenticationv1TokenRequest { Spec = new() { Audiences = [] } }, "robot", "default");
        using var robot = new k8s.Kubernetes(plane.CreateConfiguration(token.Status.Token));

        var error = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => robot.CoreV1.ListNamespacedConfigMapAsync("default"));

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.Response.StatusCode);
        Assert.Contains("system:serviceaccount:default:robot", error.Response.Content, StringComparison.Ordinal);
    }
}
