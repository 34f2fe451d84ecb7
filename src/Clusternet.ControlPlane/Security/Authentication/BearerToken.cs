using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>The bearer token of a request: <c>Authorization: Bearer &lt;token&gt;</c>, the form every client sends.</summary>
internal static class BearerToken
{
    /// <summary>The token, or null when the request has no bearer Authorization header (or an empty one).</summary>
    public static string? Read(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Prefix.Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
