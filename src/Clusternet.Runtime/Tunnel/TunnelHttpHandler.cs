using System.Net;
using System.Net.Sockets;

namespace Clusternet.Runtime.Tunnel;

/// <summary>How an HTTP handler over the tunnel uses tunnel connections.</summary>
public enum TunnelConnectionReuse
{
    /// <summary>Connections are pooled and reused across requests (HTTP/1.1 keep-alive, HTTP/2 multiplexing).</summary>
    Pooled,

    /// <summary>Every request opens its own tunnel connection, as upstream's hub does; for comparison only.</summary>
    PerRequest,
}

/// <summary>Builds <see cref="SocketsHttpHandler"/>s whose connections are tunnel streams.</summary>
public static class TunnelHttpHandler
{
    /// <summary>
    /// Creates a handler that opens its connections with <paramref name="dial"/> (network <c>tcp</c>, address
    /// <c>host:port</c> as Go writes it, IPv6 hosts in brackets). TLS, HTTP/1.1 and HTTP/2 run end to end inside
    /// the tunnel; set <see cref="SocketsHttpHandler.SslOptions"/> on the result to trust the target's certificate.
    /// </summary>
    /// <param name="dial">Opens a stream to an address through the tunnel.</param>
    /// <param name="reuse">Pool connections (the default) or open one per request.</param>
    /// <returns>A new handler; the caller owns and disposes it.</returns>
    public static SocketsHttpHandler Create(Func<string, string, CancellationToken, ValueTask<Stream>> dial, TunnelConnectionReuse reuse = TunnelConnectionReuse.Pooled)
    {
        ArgumentNullException.ThrowIfNull(dial);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),

            // A stream's HTTP/2 receive window otherwise starts at 64 KiB and each WINDOW_UPDATE takes a round trip
            // through every hop of the tunnel, so a large response would crawl until the window had scaled up. 4 MiB
            // is Go's http2 client default; the tunnel's own Pause/Resume still bounds what the hub buffers.
            InitialHttp2StreamWindowSize = 4 << 20,
            ConnectCallback = async (context, cancellationToken) =>
                await dial("tcp", JoinHostPort(context.DnsEndPoint.Host, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false),
        };
        if (reuse == TunnelConnectionReuse.PerRequest)
        {
            // A zero lifetime retires each connection after its request, so the next request dials again.
            handler.PooledConnectionLifetime = TimeSpan.Zero;
        }

        return handler;
    }

    private static string JoinHostPort(string host, int port) =>
        IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]:{port}" : $"{host}:{port}";
}
