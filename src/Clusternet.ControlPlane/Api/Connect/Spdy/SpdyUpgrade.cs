using Clusternet.ControlPlane.Api.Rest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Clusternet.ControlPlane.Api.Connect.Spdy;

/// <summary>
/// The SPDY/3.1 upgrade kubectl asks for (<c>Upgrade: SPDY/3.1</c>) and the stream-protocol negotiation that comes with it:
/// the client lists the versions it speaks in <c>X-Stream-Protocol-Version</c>, the server answers with the first of its
/// own that the client listed, or 403 as kube-apiserver does.
/// </summary>
internal static class SpdyUpgrade
{
    public const string StreamProtocolHeader = "X-Stream-Protocol-Version";

    /// <summary>Whether the request asks to upgrade to SPDY and can be upgraded.</summary>
    public static bool IsRequested(HttpRequest request) =>
        request.Headers.Upgrade.Any(v => v is not null && v.StartsWith("SPDY/", StringComparison.OrdinalIgnoreCase))
        && request.HttpContext.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true };

    /// <summary>Negotiates the stream protocol, answers 101 and returns the upgraded connection.</summary>
    /// <exception cref="StatusException">403 when the client speaks none of <paramref name="supported"/>.</exception>
    public static async Task<Stream> AcceptAsync(HttpContext context, IReadOnlyList<string> supported)
    {
        var offered = context.Request.Headers[StreamProtocolHeader]
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var chosen = offered.FirstOrDefault(supported.Contains)
            ?? throw StatusException.Create(403, "Forbidden", $"unable to upgrade: unable to negotiate protocol: client supports {string.Join(",", offered)}, server supports {string.Join(",", supported)}");
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "SPDY/3.1";
        context.Response.Headers[StreamProtocolHeader] = chosen;
        return await context.Features.Get<IHttpUpgradeFeature>()!.UpgradeAsync().ConfigureAwait(false);
    }
}
