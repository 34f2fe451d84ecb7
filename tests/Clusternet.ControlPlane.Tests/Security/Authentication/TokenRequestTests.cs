using k8s;
using System.Net.Http;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>The TokenRequest API (<c>serviceaccounts/&lt;name&gt;/token</c>): defaults, validation and errors as kube-apiserver answers them.</summary>
public sealed class TokenRequestTests(AuthenticationFixture server) : IClassFixture<AuthenticationFixture>
{
    [Fact]
    public async Task ATokenRequestDefaultsToOneHourForTheApiAudience()
    {
        var account = await server.NewServiceAccountAsync();
        var before = DateTime.UtcNow.AddSeconds(-1);

        var token = await server.RequestTokenAsync(account);

        Assert.Equal(3600, token.Spec.ExpirationSeconds);
        Assert.Equal(["https://kubernetes.default.svc.cluster.local"], token.Spec.Audiences);
        Assert.Equal("robot", token.Metadata.Name);
        Assert.Equal(account.Metadata.NamespaceProperty, token.Metadata.NamespaceProperty);
        Assert.InRange(token.Status.ExpirationTimestamp!.Value, before.AddHours(1), DateTime.UtcNow.AddHours(1).AddSeconds(1));
    }

    [Fact]
    public async Task ATokenRequestIsAnsweredWithCreated()
    {
        var account = await server.NewServiceAccountAsync();

        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{account.Metadata.NamespaceProperty}/serviceaccounts/robot/token", """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":1200}}""");

        Assert.Equal(201, code);
        Assert.Equal("TokenRequest", (string?)body["kind"]);
        Assert.Equal(1200, (long)body["spec"]!["expirationSeconds"]!);
        Assert.False(string.IsNullOrEmpty((string?)body["status"]!["token"]));
    }

    [Fact]
    public async Task AnExpirationUnderTenMinutesIsInvalid()
    {
        var account = await server.NewServiceAccountAsync();

        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{account.Metadata.NamespaceProperty}/serviceaccounts/robot/token", """{"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest","spec":{"expirationSeconds":500}}""");

        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.Equal("TokenRequest.authentication.k8s.io \"\" is invalid: spec.expirationSeconds: Invalid value: 500: may not specify a duration less than 10 minutes", (string?)body["message"]);
        Assert.Equal("spec.expirationSeconds", (string?)body["details"]!["causes"]![0]!["field"]);
    }

    [Fact]
    public async Task ATokenForAMissingServiceAccountIsNotFound()
    {
        var ns = await server.NewNamespaceAsync();
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [] } };

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => server.Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, "ghost", ns));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Contains("serviceaccounts \\\"ghost\\\" not found", error.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyNamingAnotherServiceAccountIsInvalid()
    {
        var account = await server.NewServiceAccountAsync();

        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{account.Metadata.NamespaceProperty}/serviceaccounts/robot/token", """{"metadata":{"name":"other"},"spec":{}}""");

        Assert.Equal(422, code);
        Assert.Equal("TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.name: Invalid value: \"other\": must match the service account name if specified", (string?)body["message"]);
    }

    [Fact]
    public async Task BindingToAnUnsupportedKindIsABadRequest()
    {
        var account = await server.NewServiceAccountAsync();

        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{account.Metadata.NamespaceProperty}/serviceaccounts/robot/token", """{"spec":{"boundObjectRef":{"apiVersion":"apps/v1","kind":"Deployment","name":"web"}}}""");

        Assert.Equal(400, code);
        Assert.Equal("cannot bind token to object of type apps/v1, Kind=Deployment", (string?)body["message"]);
    }

    [Fact]
    public async Task BindingToAMissingSecretIsNotFound()
    {
        var account = await server.NewServiceAccountAsync();

        var (code, body) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{account.Metadata.NamespaceProperty}/serviceaccounts/robot/token", """{"spec":{"boundObjectRef":{"apiVersion":"v1","kind":"Secret","name":"gone"}}}""");

        Assert.Equal(404, code);
        Assert.Equal("secrets \"gone\" not found", (string?)body["message"]);
    }
}
