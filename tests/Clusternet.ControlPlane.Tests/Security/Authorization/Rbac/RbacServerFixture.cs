using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Api.Server;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

/// <summary>
/// A server with RBAC, anonymous requests admitted (so that RBAC decides them), a static token per user of
/// <see cref="RbacCases"/> plus the escalation test users, and the case policy stored through the API.
/// </summary>
public sealed class RbacServerFixture : ServerFixture
{
    /// <summary>Users beyond the cases': the escalation tests' role managers.</summary>
    public static readonly string[] ExtraUsers = ["erin", "frank", "grace"];

    protected override ControlPlaneOptions Options => base.Options with
    {
        Security = new ControlPlaneSecurityOptions
        {
            AllowAnonymous = true,
            Tokens = RbacCases.Users.Keys.Concat(ExtraUsers).ToDictionary(Token, u => new StaticTokenUser(u, RbacCases.Users.TryGetValue(u, out var groups) ? groups : [])),
        },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        foreach (var ns in new[] { "ns1", "ns2" })
        {
            await AdminCreateAsync("/api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } });
        }

        foreach (var (resource, obj) in RbacCases.Policy())
        {
            await AdminCreateAsync(PathOf(resource, obj), obj);
        }

        // The authorizer follows storage through a watch per resource: wait until it has seen the last object of each.
        await WaitUntilAsync("carol", "GET", "/apis/apps/v1/namespaces/ns1/deployments/d/status", allowed: true);
        await WaitUntilAsync("system:serviceaccount:ns1:robot", "DELETE", "/api/v1/namespaces/ns1/secrets/s", allowed: true);
    }

    public static string Token(string user) => "token-" + Convert.ToHexStringLower(Encoding.UTF8.GetBytes(user));

    /// <summary>The API path of an object's collection.</summary>
    public static string PathOf(string resource, JsonObject obj) =>
        obj["metadata"]?["namespace"]?.GetValue<string>() is { } ns
            ? $"/apis/rbac.authorization.k8s.io/v1/namespaces/{ns}/{resource}"
            : $"/apis/rbac.authorization.k8s.io/v1/{resource}";

    public async Task AdminCreateAsync(string path, JsonObject obj)
    {
        var (code, body) = await SendAsync(HttpMethod.Post, path, obj.ToJsonString());
        if (code != 201)
        {
            throw new InvalidOperationException($"create at {path} answered {code}: {body}");
        }
    }

    /// <summary>Sends a request as <paramref name="user"/> (null: anonymous) and returns the status and body text; watches are closed after the headers.</summary>
    public async Task<(int Code, string Body)> SendAsAsync(string? user, string method, string path, JsonObject? body = null)
    {
        using var http = new HttpClient(Plane.CreateTrustingHandler()) { BaseAddress = Plane.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(new HttpMethod(method), path.TrimStart('/'));
        if (user is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(user));
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var text = path.Contains("watch=true", StringComparison.Ordinal) ? string.Empty : await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text);
    }

    /// <summary>Polls (deadline 10 s) until the request is allowed (not 403) or refused (403), as RBAC objects reach the authorizer through a watch.</summary>
    public async Task WaitUntilAsync(string? user, string method, string path, bool allowed, JsonObject? body = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var (code, text) = await SendAsAsync(user, method, path, body);
            if ((code != 403) == allowed)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{method} {path} as {user} still answers {code}: {text}");
            }

            await Task.Delay(20);
        }
    }
}
