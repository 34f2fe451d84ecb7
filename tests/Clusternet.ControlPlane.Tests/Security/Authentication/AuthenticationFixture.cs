using k8s;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>
/// A plane with authorization off (until RBAC exists only system:masters would pass it), so that any identity
/// authentication accepts gets 200 and any it refuses gets 401; and calls made with a chosen credential.
/// </summary>
public sealed class AuthenticationFixture : ServerFixture
{
    protected override ControlPlaneOptions Options => base.Options with { Security = new() { Authorization = false } };

    /// <summary>A request with <paramref name="token"/> as bearer token (none when null), and optionally a client certificate.</summary>
    public async Task<(int Code, JsonObject Body)> SendAsAsync(string? token, HttpMethod method, string path, string? body = null, X509Certificate2? certificate = null)
    {
        var handler = Plane.CreateTrustingHandler();
        if (certificate is not null)
        {
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        using var http = new HttpClient(handler) { BaseAddress = Plane.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>GET of a namespaced resource list: 200 when the credential is accepted (authorization is off), 401 otherwise.</summary>
    public Task<(int Code, JsonObject Body)> ListConfigMapsAsAsync(string? token, X509Certificate2? certificate = null) =>
        SendAsAsync(token, HttpMethod.Get, "/api/v1/namespaces/default/configmaps", certificate: certificate);

    /// <summary>The caller's user info as SelfSubjectReview reports it.</summary>
    public async Task<JsonObject> WhoAmIAsync(string? token, X509Certificate2? certificate = null)
    {
        var (code, body) = await SendAsAsync(token, HttpMethod.Post, "/apis/authentication.k8s.io/v1/selfsubjectreviews", """{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}""", certificate);
        Assert.True(code == 201, body.ToJsonString());
        return body["status"]!["userInfo"]!.AsObject();
    }

    /// <summary>A service account in a fresh namespace.</summary>
    public async Task<V1ServiceAccount> NewServiceAccountAsync(string name = "robot")
    {
        var ns = await NewNamespaceAsync();
        return await Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = name } }, ns);
    }

    /// <summary>A bound token for <paramref name="account"/> from the TokenRequest API.</summary>
    public async Task<Authenticationv1TokenRequest> RequestTokenAsync(V1ServiceAccount account, IList<string>? audiences = null, long? expirationSeconds = null, V1BoundObjectReference? boundTo = null)
    {
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = audiences ?? [], ExpirationSeconds = expirationSeconds, BoundObjectRef = boundTo } };
        return await Client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, account.Metadata.Name, account.Metadata.NamespaceProperty);
    }

    public static void AssertUnauthorized((int Code, JsonObject Body) response)
    {
        Assert.Equal(401, response.Code);
        Assert.Equal("Status", (string?)response.Body["kind"]);
        Assert.Equal("Unauthorized", (string?)response.Body["reason"]);
    }

    public static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];
}

/// <summary>A clock shifted from the real one (the shift may change), to make credentials that are expired or not yet valid.</summary>
internal sealed class ShiftedTime(TimeSpan shift) : TimeProvider
{
    public TimeSpan Shift { get; set; } = shift;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
}
