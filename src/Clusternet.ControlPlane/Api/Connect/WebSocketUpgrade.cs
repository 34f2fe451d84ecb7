using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>
/// The server side of the RFC 6455 opening handshake over an HTTP/1.1 upgrade. The server's pipeline has no WebSocket
/// middleware (it is one terminal handler), so the handshake is done here on Kestrel's upgrade feature and the
/// framing is left to <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>.
/// </summary>
internal static class WebSocketUpgrade
{
    // RFC 6455 §1.3: the accept key is SHA-1 over the client's key followed by this fixed GUID.
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>Whether the request asks for a WebSocket (GET, <c>Upgrade: websocket</c>, a key, version 13).</summary>
    public static bool IsRequested(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.HttpContext.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
        && request.Headers.Upgrade.Any(v => v is not null && v.Contains("websocket", StringComparison.OrdinalIgnoreCase))
        && !string.IsNullOrEmpty(request.Headers.SecWebSocketKey)
        && request.Headers.SecWebSocketVersion == "13";

    /// <summary>Whether the request asks for any protocol upgrade (SPDY/3.1 from older kubectl, or a WebSocket).</summary>
    public static bool IsAnyUpgrade(HttpRequest request) =>
        request.Headers.Connection.Any(v => v is not null && v.Contains("upgrade", StringComparison.OrdinalIgnoreCase))
        && !string.IsNullOrEmpty(request.Headers.Upgrade);

    /// <summary>The sub-protocols the client offered, in its order of preference.</summary>
    public static IReadOnlyList<string> OfferedProtocols(HttpRequest request) =>
        [.. request.Headers.SecWebSocketProtocol.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];

    /// <summary>Answers 101 with <paramref name="protocol"/> (none when empty) and returns the server end of the WebSocket.</summary>
    public static async Task<WebSocket> AcceptAsync(HttpContext context, string protocol)
    {
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        var accept = Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + HandshakeGuid)));
        var response = context.Response;
        response.Headers.Connection = "Upgrade";
        response.Headers.Upgrade = "websocket";
        response.Headers.SecWebSocketAccept = accept;
        if (protocol.Length > 0)
        {
            response.Headers.SecWebSocketProtocol = protocol;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!;
        var stream = await upgrade.UpgradeAsync().ConfigureAwait(false);
        return WebSocket.CreateFromStream(stream, new WebSocketCreationOptions
        {
            IsServer = true,
            // .NET accepts only RFC 6455 tokens here; kubectl's tunnelling protocol ("SPDY/3.1+portforward.k8s.io") has a '/',
            // so it is answered in the header but not given to the WebSocket, which only reports it.
            SubProtocol = protocol.Length > 0 && !protocol.Contains('/', StringComparison.Ordinal) ? protocol : null,
            KeepAliveInterval = TimeSpan.FromSeconds(30),
        });
    }
}
