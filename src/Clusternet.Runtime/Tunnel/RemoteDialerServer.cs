using System.Collections.Concurrent;
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
/// session, as upstream's hub does.
/// </summary>
public sealed class RemoteDialerServer
{
    /// <summary>The path prefix before the cluster id; the cluster id is the rest of the path, trailing slashes trimmed.</summary>
    public const string SocketsPathPrefix = "/apis/proxies.clusternet.io/v1alpha1/sockets/";

    private readonly ConcurrentDictionary<string, RemoteDialerSession> _sessions = new(StringComparer.Ordinal);
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

    /// <summary>The cluster ids that have a session now.</summary>
    public IReadOnlyCollection<string> ClusterIds => _sessions.Keys.ToArray();

    /// <summary>Whether an agent holds a session for <paramref name="clusterId"/>.</summary>
    public bool HasSession(string clusterId) => _sessions.ContainsKey(clusterId);

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

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var headers = context.Request.Headers;
        var key = headers[HeaderNames.SecWebSocketKey].ToString();
        if (upgrade is not { IsUpgradableRequest: true }
            || !HttpMethods.IsGet(context.Request.Method)
            || !headers[HeaderNames.Upgrade].ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
            || headers[HeaderNames.SecWebSocketVersion].ToString() != "13"
            || !WebSocketHandshake.IsValidKey(key))
        {
            await RefuseAsync(context, clusterId, StatusCodes.Status400BadRequest, "not a WebSocket upgrade request").ConfigureAwait(false);
            return;
        }

        if (!await authorize(context, clusterId, context.RequestAborted).ConfigureAwait(false))
        {
            await RefuseAsync(context, clusterId, StatusCodes.Status403Forbidden, "not allowed to open the tunnel session of this cluster").ConfigureAwait(false);
            return;
        }

        context.Response.Headers[HeaderNames.Connection] = "Upgrade";
        context.Response.Headers[HeaderNames.Upgrade] = "websocket";
        context.Response.Headers[HeaderNames.SecWebSocketAccept] = WebSocketHandshake.ComputeAccept(key);
        var upgraded = await upgrade.UpgradeAsync().ConfigureAwait(false);
        var transport = new TunnelTransportStream(upgraded, _options.TimeProvider);
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
            _sessions.TryRemove(new KeyValuePair<string, RemoteDialerSession>(clusterId, session));
            await transport.DisposeAsync().ConfigureAwait(false);
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
        if (!_sessions.TryGetValue(clusterId, out var session))
        {
            throw new TunnelSessionNotFoundException(clusterId);
        }

        return await session.OpenAsync(network, address, cancellationToken).ConfigureAwait(false);
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

    private async Task RefuseAsync(HttpContext context, string clusterId, int statusCode, string reason)
    {
        // Plain text with the status code, as upstream's remotedialer server answers.
        TunnelLog.SessionRefused(_logger, clusterId, statusCode, reason);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(reason, context.RequestAborted).ConfigureAwait(false);
    }
}
