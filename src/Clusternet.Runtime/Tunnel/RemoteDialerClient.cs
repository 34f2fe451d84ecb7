using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// The agent's end of the tunnel: dials the hub's WebSocket, then serves the hub's Connects by dialing the allowed
/// addresses in the child cluster's network and copying bytes both ways. One <see cref="RunAsync"/> is one session;
/// reconnecting (upstream waits about 5 s with jitter) is the caller's loop.
/// </summary>
public sealed class RemoteDialerClient
{
    private static readonly HashSet<string> TcpNetworks = new(StringComparer.Ordinal) { "tcp", "tcp4", "tcp6" };

    private readonly RemoteDialerClientOptions _options;
    private readonly ILogger _logger;
    private readonly Func<string, string, bool> _allowDial;

    /// <summary>Creates a client; nothing is dialed until <see cref="RunAsync"/>.</summary>
    /// <param name="options">The hub URL, credentials and dial policy.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    public RemoteDialerClient(RemoteDialerClientOptions options, ILogger<RemoteDialerClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        var apiServer = options.ApiServerAddress;
        _allowDial = options.AllowDial
            ?? ((network, address) => apiServer is not null && TcpNetworks.Contains(network) && string.Equals(address, apiServer, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Opens a session with the hub and serves it until it ends. Returns when the hub closes the session cleanly.
    /// </summary>
    /// <param name="cancellationToken">Ends the session.</param>
    /// <exception cref="HttpRequestException">The hub refused the WebSocket (the status code is set).</exception>
    /// <exception cref="TunnelProtocolException">The hub broke the protocol.</exception>
    /// <exception cref="IOException">The session failed or its read deadline passed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var handler = _options.HttpHandler ?? new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(30) };
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: _options.HttpHandler is null);
        var upgraded = await UpgradeAsync(invoker, _options.SocketUri, _options.BearerToken, _options.Headers, _options.Session, cancellationToken).ConfigureAwait(false);
        var transport = new TunnelTransportStream(upgraded, _options.Session.TimeProvider);
        await using (transport.ConfigureAwait(false))
        {
            using var webSocket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
            var session = new RemoteDialerSession(webSocket, transport, sendsPings: true, string.Empty, _options.Session, _logger, ServeConnectAsync);
            await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The WebSocket handshake of a tunnel session (an agent's, or a hub's peer link): the upgraded connection as a stream.</summary>
    /// <exception cref="IOException">No answer within <see cref="TunnelSessionOptions.HandshakeTimeout"/>.</exception>
    internal static async Task<Stream> UpgradeAsync(
        HttpMessageInvoker invoker, Uri socketUri, string? bearerToken, IEnumerable<KeyValuePair<string, string>> headers, TunnelSessionOptions session, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(session.HandshakeTimeout, session.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await UpgradeAsync(invoker, socketUri, bearerToken, headers, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"No answer to the tunnel WebSocket handshake with {socketUri.GetLeftPart(UriPartial.Authority)} within {session.HandshakeTimeout.TotalSeconds:0.###} s.", e);
        }
    }

    private static async Task<Stream> UpgradeAsync(
        HttpMessageInvoker invoker, Uri socketUri, string? bearerToken, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        var builder = new UriBuilder(socketUri)
        {
            Scheme = socketUri.Scheme is "ws" or "http" ? Uri.UriSchemeHttp : Uri.UriSchemeHttps,
            Port = socketUri.Port,
        };
        var key = WebSocketHandshake.CreateKey();
        using var request = new HttpRequestMessage(HttpMethod.Get, builder.Uri)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", key);
        if (bearerToken is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.SwitchingProtocols)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                if (body.Length > 512)
                {
                    body = body[..512];
                }

                throw new HttpRequestException($"The hub refused the tunnel WebSocket with {(int)response.StatusCode}: {body}", null, response.StatusCode);
            }
        }

        var accept = response.Headers.TryGetValues("Sec-WebSocket-Accept", out var values) ? values.FirstOrDefault() : null;
        if (accept != WebSocketHandshake.ComputeAccept(key))
        {
            response.Dispose();
            throw new TunnelProtocolException("The hub's Sec-WebSocket-Accept does not match the key sent.");
        }

        // With a 101 response SocketsHttpHandler hands over the connection itself as a read/write stream.
        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ServeConnectAsync(TunnelConnection connection)
    {
        try
        {
            await RelayAsync(connection).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Nothing awaits this task: anything unexpected is logged and the connection closed with its text.
            TunnelLog.DialFailed(_logger, string.Empty, connection.Id, connection.Network, connection.Address, e);
            await connection.CloseAsync(e.Message).ConfigureAwait(false);
        }
    }

    private async Task RelayAsync(TunnelConnection connection)
    {
        bool allowed;
        try
        {
            allowed = _allowDial(connection.Network, connection.Address);
        }
        catch (Exception e)
        {
            TunnelLog.DialFailed(_logger, string.Empty, connection.Id, connection.Network, connection.Address, e);
            allowed = false;
        }

        if (!allowed)
        {
            TunnelLog.DialRefused(_logger, string.Empty, connection.Id, connection.Network, connection.Address);
            await connection.CloseAsync($"dial {connection.Network} {connection.Address}: not allowed by the agent").ConfigureAwait(false);
            return;
        }

        Socket socket;
        try
        {
            socket = await DialAsync(connection.Network, connection.Address).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            TunnelLog.DialFailed(_logger, string.Empty, connection.Id, connection.Network, connection.Address, e);
            await connection.CloseAsync($"dial {connection.Network} {connection.Address}: {e.Message}").ConfigureAwait(false);
            return;
        }

        var target = new NetworkStream(socket, ownsSocket: true);
        var toTarget = CopyAsync(connection, target);
        var fromTarget = CopyAsync(target, connection);
        var first = await Task.WhenAny(toTarget, fromTarget).ConfigureAwait(false);

        // There is no half-close: when either direction ends, both end, and the hub learns why.
        var reason = first.Exception?.GetBaseException().Message ?? "EOF";
        await connection.CloseAsync(reason).ConfigureAwait(false);
        await target.DisposeAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(toTarget, fromTarget).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }
    }

    private async Task<Socket> DialAsync(string network, string address)
    {
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"'{address}' is not host:port.");
        }

        var host = address[..colon].Trim('[', ']');
        var socket = network switch
        {
            "tcp4" => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp),
            "tcp6" => new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp),
            _ => new Socket(SocketType.Stream, ProtocolType.Tcp),
        };
        socket.NoDelay = true;
        using var timeout = new CancellationTokenSource(_options.DialTimeout);
        try
        {
            await socket.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task CopyAsync(Stream source, Stream destination)
    {
        // 32 KiB, the size of Go's copy buffer, so Data messages match what a Go agent sends.
        var buffer = new byte[32 << 10];
        int read;
        while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
        }
    }
}
