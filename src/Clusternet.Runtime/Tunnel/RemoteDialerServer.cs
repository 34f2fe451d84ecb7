using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Net.Http.Headers;

namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// The hub's end of the tunnel: accepts agents' WebSocket sessions, keeps one per cluster id, and opens
/// connections through them. Agents never open connections towards the hub: a Connect from an agent ends its
/// session, as upstream's hub does. With hub peering (several hub replicas), a cluster whose agent holds its session
/// with another replica is reached through that replica's peer link (remotedialer's AddClient/RemoveClient and
/// <c>&lt;clusterId&gt;::tcp</c> Connects; docs/tunnel.md).
/// </summary>
public sealed class RemoteDialerServer
{
    /// <summary>The path prefix before the cluster id; the cluster id is the rest of the path, trailing slashes trimmed.</summary>
    public const string SocketsPathPrefix = "/apis/proxies.clusternet.io/v1alpha1/sockets/";

    /// <summary>Request headers a peer hub identifies itself with on its link (remotedialer's names).</summary>
    internal const string PeerIdHeader = "X-API-Tunnel-ID";

    /// <summary>The peer's token, checked against the one it published.</summary>
    internal const string PeerTokenHeader = "X-API-Tunnel-Token";

    // Separates the cluster id from the network in a Connect sent over a peer link, as remotedialer's peer dialer does.
    private const string PeerNetworkSeparator = "::";

    private readonly ConcurrentDictionary<string, RemoteDialerSession> _sessions = new(StringComparer.Ordinal);

    // Peer links this hub accepted, by peer id: the peer advertises there the clusters it can reach, and this hub
    // sends its Connects for those clusters into them.
    private readonly ConcurrentDictionary<string, RemoteDialerSession> _peerSessions = new(StringComparer.Ordinal);

    // Peer links this hub dialed, by peer id: this hub advertises its agents' sessions there and serves the peer's Connects.
    private readonly ConcurrentDictionary<string, PeerLink> _peerLinks = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _advertising = new(1, 1);
    private readonly TunnelSessionOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a server with no sessions.</summary>
    /// <param name="options">Session limits; remotedialer's defaults when null.</param>
    /// <param name="logger">Where to log; nothing when null.</param>
    public RemoteDialerServer(TunnelSessionOptions? options = null, ILogger<RemoteDialerServer>? logger = null)
    {
        _options = options ?? new TunnelSessionOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The cluster ids whose agents hold a session with this hub now (not those reached through a peer hub).</summary>
    public IReadOnlyCollection<string> ClusterIds => _sessions.Keys.ToArray();

    /// <summary>
    /// Whether <paramref name="clusterId"/> can be reached: its agent holds a session with this hub, or a peer hub linked
    /// to this one has advertised that its agent holds one there.
    /// </summary>
    public bool HasSession(string clusterId) => _sessions.ContainsKey(clusterId) || FindPeerSession(clusterId) is not null;

    /// <summary>
    /// Serves one agent's WebSocket request: takes the cluster id from the path after <see cref="SocketsPathPrefix"/>,
    /// asks <paramref name="authorize"/> whether this caller may hold that cluster's session, upgrades, and runs the
    /// session until it ends. A newer session for the same cluster replaces (and closes) the older one.
    /// Answers 400 for a path without the prefix, a cluster id with a '/', or a request that is not a WebSocket
    /// upgrade; 401 for an empty cluster id (as upstream); 403 when <paramref name="authorize"/> says no.
    /// </summary>
    /// <param name="context">The request; it must be an HTTP/1.1 WebSocket upgrade.</param>
    /// <param name="authorize">Decides whether the authenticated caller may open the session for the cluster id; gets the request's abort token.</param>
    /// <returns>A task that completes when the session has ended.</returns>
    public async Task HandleAsync(HttpContext context, Func<HttpContext, string, CancellationToken, ValueTask<bool>> authorize)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorize);
        var path = (context.Request.PathBase + context.Request.Path).Value ?? string.Empty;
        var at = path.IndexOf(SocketsPathPrefix, StringComparison.Ordinal);
        if (at < 0)
        {
            await RefuseAsync(context, string.Empty, StatusCodes.Status400BadRequest, "missing " + SocketsPathPrefix + " in the path").ConfigureAwait(false);
            return;
        }

        var clusterId = path[(at + SocketsPathPrefix.Length)..].TrimEnd('/');
        if (clusterId.Length == 0)
        {
            await RefuseAsync(context, clusterId, StatusCodes.Status401Unauthorized, "no cluster id in the path").ConfigureAwait(false);
            return;
        }

        if (clusterId.Contains('/'))
        {
            await RefuseAsync(context, clusterId, StatusCodes.Status400BadRequest, "the cluster id must not contain '/'").ConfigureAwait(false);
            return;
        }

        if (!IsWebSocketUpgrade(context, out var upgrade, out var key))
        {
            await RefuseAsync(context, clusterId, StatusCodes.Status400BadRequest, "not a WebSocket upgrade request").ConfigureAwait(false);
            return;
        }

        if (!await authorize(context, clusterId, context.RequestAborted).ConfigureAwait(false))
        {
            await RefuseAsync(context, clusterId, StatusCodes.Status403Forbidden, "not allowed to open the tunnel session of this cluster").ConfigureAwait(false);
            return;
        }

        var transport = await AcceptAsync(context, upgrade, key).ConfigureAwait(false);
        using var webSocket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var session = new RemoteDialerSession(webSocket, transport, sendsPings: false, clusterId, _options, _logger, serveConnect: null);

        // Replace on reconnect: an agent that reconnects has usually lost its old session without a close, and new
        // connections must not be sent into a dead one; the older session is closed so it cannot linger.
        RemoteDialerSession? previous = null;
        _sessions.AddOrUpdate(clusterId, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        if (previous is not null)
        {
            TunnelLog.SessionReplaced(_logger, clusterId);
            previous.Abort(new IOException("The tunnel session was replaced by a newer one for the same cluster."));
        }

        Advertise(clusterId);
        try
        {
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Logged by the session; the response has already switched protocols, so there is nothing to answer.
        }
        finally
        {
            if (_sessions.TryRemove(new KeyValuePair<string, RemoteDialerSession>(clusterId, session)))
            {
                Advertise(clusterId);
            }

            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Whether the request is a WebSocket upgrade this server can accept (GET, version 13, a valid key).</summary>
    private static bool IsWebSocketUpgrade(HttpContext context, [NotNullWhen(true)] out IHttpUpgradeFeature? upgrade, out string key)
    {
        var headers = context.Request.Headers;
        upgrade = context.Features.Get<IHttpUpgradeFeature>();
        key = headers[HeaderNames.SecWebSocketKey].ToString();
        return upgrade is { IsUpgradableRequest: true }
            && HttpMethods.IsGet(context.Request.Method)
            && headers[HeaderNames.Upgrade].ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
            && headers[HeaderNames.SecWebSocketVersion].ToString() == "13"
            && WebSocketHandshake.IsValidKey(key);
    }

    /// <summary>Answers 101 with the key's accept value and returns the upgraded connection, timed for read deadlines.</summary>
    private async Task<TunnelTransportStream> AcceptAsync(HttpContext context, IHttpUpgradeFeature upgrade, string key)
    {
        context.Response.Headers[HeaderNames.Connection] = "Upgrade";
        context.Response.Headers[HeaderNames.Upgrade] = "websocket";
        context.Response.Headers[HeaderNames.SecWebSocketAccept] = WebSocketHandshake.ComputeAccept(key);
        return new TunnelTransportStream(await upgrade.UpgradeAsync().ConfigureAwait(false), _options.TimeProvider);
    }

    /// <summary>
    /// Serves a peer hub's link request (its WebSocket to <c>/connect</c>): the peer names itself with
    /// <c>X-API-Tunnel-ID</c> and <c>X-API-Tunnel-Token</c>, which <paramref name="authenticate"/> checks against the peer's
    /// published token. Answers 401 in plain text (as remotedialer) when they do not match, 400 when the request is not
    /// a WebSocket upgrade. A newer link from the same peer replaces the older one.
    /// </summary>
    internal async Task HandlePeerAsync(HttpContext context, Func<string, string, bool> authenticate)
    {
        var headers = context.Request.Headers;
        var peerId = headers[PeerIdHeader].ToString();
        var token = headers[PeerTokenHeader].ToString();
        if (peerId.Length == 0 || token.Length == 0 || !authenticate(peerId, token))
        {
            await RefuseAsync(context, peerId, StatusCodes.Status401Unauthorized, "unknown peer or wrong peer token").ConfigureAwait(false);
            return;
        }

        if (!IsWebSocketUpgrade(context, out var upgrade, out var key))
        {
            await RefuseAsync(context, peerId, StatusCodes.Status400BadRequest, "not a WebSocket upgrade request").ConfigureAwait(false);
            return;
        }

        var transport = await AcceptAsync(context, upgrade, key).ConfigureAwait(false);
        using var webSocket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });

        // The peer only advertises and serves; a Connect from it would be a protocol error, as on an agent's session.
        var session = new RemoteDialerSession(webSocket, transport, sendsPings: false, peerId, _options, _logger, serveConnect: null, acceptsClients: true);
        RemoteDialerSession? previous = null;
        _peerSessions.AddOrUpdate(peerId, session, (_, old) =>
        {
            previous = old;
            return session;
        });
        previous?.Abort(new IOException("The peer link was replaced by a newer one from the same peer."));
        try
        {
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TunnelProtocolException)
        {
        }
        finally
        {
            _peerSessions.TryRemove(new KeyValuePair<string, RemoteDialerSession>(peerId, session));
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Dials a peer hub's <c>/connect</c> and serves the link until it ends: advertises every agent session this hub
    /// holds (now and as they come and go) and relays the peer's <c>&lt;clusterId&gt;::tcp</c> Connects through them.
    /// </summary>
    /// <param name="peerId">The peer's id, the key the link is kept under.</param>
    /// <param name="linkUri">The peer's <c>wss://host:port/connect</c>.</param>
    /// <param name="ownId">This hub's peer id, sent as <c>X-API-Tunnel-ID</c>.</param>
    /// <param name="ownToken">This hub's peer token, sent as <c>X-API-Tunnel-Token</c>.</param>
    /// <param name="handler">The handler for the handshake (TLS settings); not disposed.</param>
    /// <param name="cancellationToken">Ends the link.</param>
    internal async Task RunPeerLinkAsync(string peerId, Uri linkUri, string ownId, string ownToken, HttpMessageHandler handler, CancellationToken cancellationToken)
    {
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { [PeerIdHeader] = ownId, [PeerTokenHeader] = ownToken };
        TunnelLog.PeerLinkConnecting(_logger, peerId, linkUri);
        var upgraded = await RemoteDialerClient.UpgradeAsync(invoker, linkUri, null, headers, _options, cancellationToken).ConfigureAwait(false);
        var transport = new TunnelTransportStream(upgraded, _options.TimeProvider);
        await using (transport.ConfigureAwait(false))
        {
            using var webSocket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
            var session = new RemoteDialerSession(webSocket, transport, sendsPings: true, peerId, _options, _logger, connection => RelayForPeerAsync(peerId, connection));
            var link = new PeerLink(session);
            PeerLink? previous = null;
            _peerLinks.AddOrUpdate(peerId, link, (_, old) =>
            {
                previous = old;
                return link;
            });
            previous?.Session.Abort(new IOException("The peer link was replaced by a newer one to the same peer."));
            try
            {
                var running = session.RunAsync(cancellationToken);
                await AdvertiseAllAsync(link).ConfigureAwait(false);
                await running.ConfigureAwait(false);
            }
            finally
            {
                _peerLinks.TryRemove(new KeyValuePair<string, PeerLink>(peerId, link));
            }
        }
    }

    /// <summary>Ends the links with a peer hub, both directions (the peer is gone or no longer trusted).</summary>
    internal void ClosePeer(string peerId)
    {
        if (_peerSessions.TryRemove(peerId, out var accepted))
        {
            accepted.Abort(new IOException("The peer hub is gone."));
        }

        if (_peerLinks.TryRemove(peerId, out var dialed))
        {
            dialed.Session.Abort(new IOException("The peer hub is gone."));
        }
    }

    /// <summary>Opens a connection to <paramref name="address"/> through the agent of <paramref name="clusterId"/>.</summary>
    /// <param name="clusterId">The cluster whose agent dials.</param>
    /// <param name="network">The network, <c>tcp</c> for everything Clusternet does.</param>
    /// <param name="address"><c>host:port</c> as seen from the agent; with the network at most 99 bytes (a v0.3.0 agent reads 100 bytes of Connect).</param>
    /// <param name="cancellationToken">Cancels the wait to send Connect.</param>
    /// <returns>The connection as a stream. There is no acknowledgement: a dial failure in the agent shows up as an <see cref="IOException"/> on its first read or write.</returns>
    /// <exception cref="TunnelSessionNotFoundException">No agent holds a session for the cluster.</exception>
    /// <exception cref="IOException">The session ended.</exception>
    public async ValueTask<Stream> DialAsync(string clusterId, string network, string address, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(clusterId, out var session))
        {
            return await session.OpenAsync(network, address, cancellationToken).ConfigureAwait(false);
        }

        if (FindPeerSession(clusterId) is { } peer)
        {
            // The peer splits the network at "::" and dials through its own session with the agent.
            return await peer.OpenAsync(clusterId + PeerNetworkSeparator + network, address, cancellationToken).ConfigureAwait(false);
        }

        throw new TunnelSessionNotFoundException(clusterId);
    }

    /// <summary>A handler whose requests reach <paramref name="clusterId"/>'s network through its agent.</summary>
    /// <param name="clusterId">The cluster to reach.</param>
    /// <param name="reuse">Pool tunnel connections (default) or open one per request.</param>
    /// <returns>A new handler the caller owns.</returns>
    public SocketsHttpHandler CreateHttpHandler(string clusterId, TunnelConnectionReuse reuse = TunnelConnectionReuse.Pooled) =>
        TunnelHttpHandler.Create((network, address, cancellationToken) => DialAsync(clusterId, network, address, cancellationToken), reuse);

    /// <summary>Closes the session of <paramref name="clusterId"/>, if any (a cluster deleted or its credentials revoked).</summary>
    /// <returns>Whether there was a session.</returns>
    public bool CloseSession(string clusterId)
    {
        if (!_sessions.TryRemove(clusterId, out var session))
        {
            return false;
        }

        session.Abort(new IOException("The tunnel session was closed by the hub."));
        return true;
    }

    private RemoteDialerSession? FindPeerSession(string clusterId)
    {
        if (_peerSessions.IsEmpty)
        {
            return null;
        }

        foreach (var peer in _peerSessions.Values)
        {
            if (peer.Advertises(clusterId))
            {
                return peer;
            }
        }

        return null;
    }

    // Tells every dialed peer link whether this hub now holds a session for the cluster. In the background and in
    // order: an agent's session is never held up by a slow peer, and an add never overtakes the remove after it.
    private void Advertise(string clusterId)
    {
        if (!_peerLinks.IsEmpty)
        {
            _ = Task.Run(() => SyncAsync(() => _peerLinks.Values, () => [clusterId]));
        }
    }

    private Task AdvertiseAllAsync(PeerLink link) => SyncAsync(() => [link], () => _sessions.Keys);

    // One advertising pass at a time; the links and clusters are read once the pass holds the lock.
    private async Task SyncAsync(Func<IEnumerable<PeerLink>> links, Func<IEnumerable<string>> clusterIds)
    {
        await _advertising.WaitAsync().ConfigureAwait(false);
        try
        {
            var ids = clusterIds().ToList();
            foreach (var link in links())
            {
                foreach (var clusterId in ids)
                {
                    await SyncAsync(link, clusterId).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _advertising.Release();
        }
    }

    // Brings what the link's peer knows of one cluster up to what holds now (not what the caller saw: a later change
    // queues its own call). A replaced session is advertised with its new key before the old key is withdrawn, as
    // remotedialer does, since a Go peer keeps advertised sessions per (client key, session key).
    private async Task SyncAsync(PeerLink link, string clusterId)
    {
        var current = _sessions.TryGetValue(clusterId, out var session) ? session.SessionKey : (long?)null;
        var advertised = link.Advertised.TryGetValue(clusterId, out var key) ? key : (long?)null;
        if (current == advertised)
        {
            return;
        }

        try
        {
            if (current is { } add)
            {
                await link.Session.AdvertiseAsync(clusterId, add, true, CancellationToken.None).ConfigureAwait(false);
                link.Advertised[clusterId] = add;
            }

            if (advertised is { } remove)
            {
                await link.Session.AdvertiseAsync(clusterId, remove, false, CancellationToken.None).ConfigureAwait(false);
                if (current is null)
                {
                    link.Advertised.Remove(clusterId);
                }
            }
        }
        catch (IOException)
        {
            // The link is ending; the peer forgets everything it learned over it.
        }
    }

    // A Connect from a peer over a link this hub dialed: "<clusterId>::<network>" to an address, relayed through this
    // hub's session with the cluster's agent, which applies its own dial policy.
    private async Task RelayForPeerAsync(string peerId, TunnelConnection connection)
    {
        var separator = connection.Network.IndexOf(PeerNetworkSeparator, StringComparison.Ordinal);
        var clusterId = separator < 0 ? string.Empty : connection.Network[..separator];
        Stream? target = null;
        try
        {
            if (separator <= 0)
            {
                await connection.CloseAsync($"invalid peer network '{connection.Network}': expected <clientKey>::<network>").ConfigureAwait(false);
                return;
            }

            if (!_sessions.TryGetValue(clusterId, out var session))
            {
                await connection.CloseAsync("failed to find Session for client " + clusterId).ConfigureAwait(false);
                return;
            }

            target = await session.OpenAsync(connection.Network[(separator + PeerNetworkSeparator.Length)..], connection.Address, CancellationToken.None).ConfigureAwait(false);
            var toTarget = CopyAsync(connection, target);
            var fromTarget = CopyAsync(target, connection);
            var first = await Task.WhenAny(toTarget, fromTarget).ConfigureAwait(false);
            await connection.CloseAsync(first.Exception?.GetBaseException().Message ?? "EOF").ConfigureAwait(false);
            await target.DisposeAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(toTarget, fromTarget).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
            {
            }
        }
        catch (Exception e)
        {
            // Nothing awaits this task: the peer learns why through the Error.
            TunnelLog.PeerRelayFailed(_logger, peerId, connection.Id, clusterId, e);
            await connection.CloseAsync(e.Message).ConfigureAwait(false);
            if (target is not null)
            {
                await target.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task CopyAsync(Stream source, Stream destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(32 << 10);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A link this hub dialed to a peer, with what it has advertised there (cluster id → session key; only touched under the advertising lock).</summary>
    private sealed record PeerLink(RemoteDialerSession Session)
    {
        public Dictionary<string, long> Advertised { get; } = new(StringComparer.Ordinal);
    }

    private async Task RefuseAsync(HttpContext context, string clusterId, int statusCode, string reason)
    {
        // Plain text with the status code, as upstream's remotedialer server answers.
        TunnelLog.SessionRefused(_logger, clusterId, statusCode, reason);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason, context.RequestAborted).ConfigureAwait(false);
    }
}
