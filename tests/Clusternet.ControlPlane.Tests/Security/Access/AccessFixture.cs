using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Api.Server;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>
/// A control plane authorizing with <see cref="Table"/>, and static tokens for the users the table names:
/// <c>impersonator</c> may impersonate a few chosen identities, <c>alice</c> may create ConfigMaps, <c>eve</c> is denied
/// deleting Secrets, <c>mallory</c> may do nothing beyond what every authenticated user may.
/// </summary>
public sealed class AccessFixture : ServerFixture
{
    public const string ImpersonatorToken = "impersonator-token";
    public const string MalloryToken = "mallory-token";
    public const string AliceToken = "alice-token";
    public const string BobToken = "bob-token";

    internal TableAuthorizer Table { get; } = Tables.Create();

    protected override ControlPlaneOptions Options => new()
    {
        Security = new ControlPlaneSecurityOptions
        {
            Tokens = Tables.Tokens,
            AuthorizersForTesting = [Table],
        },
    };

    /// <summary>Sends a request with <paramref name="token"/> and extra headers (each pair one header line); answers status code and JSON body.</summary>
    public async Task<(int Code, JsonObject Body)> SendAsAsync(string token, HttpMethod method, string path, string? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var client = new HttpClient(Plane.CreateTrustingHandler()) { BaseAddress = Plane.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary>Posts a SelfSubjectAccessReview asking whether the caller may create ConfigMaps in <paramref name="ns"/>.</summary>
    public Task<(int Code, JsonObject Body)> CanCreateConfigMapsAsync(string token, string ns, params (string Name, string Value)[] headers) =>
        SendAsAsync(
            token,
            HttpMethod.Post,
            "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"namespace":""" + "\"" + ns + "\"" + ""","verb":"create","resource":"configmaps"}}}""",
            headers);
}

/// <summary>The permission table and tokens the access tests and the kubectl matrix share.</summary>
internal static class Tables
{
    public static IReadOnlyDictionary<string, StaticTokenUser> Tokens { get; } = new Dictionary<string, StaticTokenUser>
    {
        [AccessFixture.ImpersonatorToken] = new("impersonator", []),
        [AccessFixture.MalloryToken] = new("mallory", []),
        [AccessFixture.AliceToken] = new("alice", []),
        [AccessFixture.BobToken] = new("bob", []),
    };

    public static TableAuthorizer Create() => new(
        [
            // What RBAC's system:basic-user grants every authenticated user.
            new Grant("system:authenticated", "create", "authorization.k8s.io", "selfsubjectaccessreviews"),
            new Grant("system:authenticated", "create", "authorization.k8s.io", "selfsubjectrulesreviews"),
            new Grant("impersonator", "impersonate", "", "users", "alice"),
            new Grant("impersonator", "impersonate", "", "users", "system:anonymous"),
            new Grant("impersonator", "impersonate", "", "groups", "devs"),
            new Grant("impersonator", "impersonate", "", "serviceaccounts", "builder", "ci"),
            new Grant("impersonator", "impersonate", "authentication.k8s.io", "uids", "u-1"),
            new Grant("impersonator", "impersonate", "authentication.k8s.io", "userextras/scopes", "view"),
            new Grant("impersonator", "impersonate", "authentication.k8s.io", "userextras/example.com/team", "blue"),
            new Grant("alice", "create", "", "configmaps"),
            new Grant("alice", "list", "", "pods", Namespace: "team"),
            new Grant("oncall", "delete", "", "pods", Namespace: "team"),
            new Grant("auditor", "create", "authorization.k8s.io", "subjectaccessreviews"),
        ],
        [new PathGrant("system:authenticated", "get", "*")],
        [new Grant("eve", "delete", "", "secrets")]);
}
