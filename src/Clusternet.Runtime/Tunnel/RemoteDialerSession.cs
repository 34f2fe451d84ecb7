using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// One remotedialer session: many connections multiplexed over one WebSocket. Either side may open connections
/// (in Clusternet only the hub does); the side that serves Connects is given a callback. The receive loop never
/// waits on a slow connection: it buffers and asks the peer to Pause instead, so one stalled stream cannot block
/// the others.
/// </summary>
internal sealed partial class RemoteDialerSession
{
    /// <summary>v0.3.0 receivers read at most this many bytes of a Connect, Error, AddClient or RemoveClient payload.</summary>
    public const int MaxControlPayload = 100;

    // Held by every idle session while its receive waits, so only big enough for control messages (Connect, Error,
    // Pause, Resume: a few varints and at most 100 bytes of payload); Data messages move to a pooled buffer.
    private const int SmallReceiveBuffer = 256;

    private const int LargeReceiveBuffer = 64 << 10;

    // A peer hub advertises one entry per agent session it holds; far more than any fleet, still a bound.
    private const int MaxAdvertisedClients = 1 << 20;

    private readonly WebSocket _webSocket;
    private readonly TunnelTransportStream _transport;
    private readonly bool _sendsPings;
    private readonly TunnelSessionOptions _options;
    private readonly ILogger _logger;
    private readonly Func<TunnelConnection, Task>? _serveConnect;
    private readonly ConcurrentDictionary<long, TunnelConnection> _connections = new();
    // Session keys the peer advertised per client key (a peer may hold more than one session for a key for a while).
    private readonly Dictionary<string, HashSet<long>>? _clients;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextConnectionId = 1;
    private long _nextMessageId = Random.Shared.NextInt64(long.MaxValue);
    private volatile bool _isEnded;
    private bool _outputClosed;
    private Exception? _abortReason;

    /// <param name="webSocket">The session's WebSocket, created over <paramref name="transport"/>.</param>
    /// <param name="transport">The raw stream under the WebSocket (pings, read deadline).</param>
    /// <param name="sendsPings">True on the side that dialed the WebSocket (the agent).</param>
    /// <param name="clientKey">The session's key: the cluster id on the hub.</param>
    /// <param name="options">Timing and size limits.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="serveConnect">Serves a Connect from the peer; null means this side refuses Connects and a Connect ends the session.</param>
    /// <param name="acceptsClients">
    /// True for the accepting end of a hub-to-hub peer link: the peer's AddClient and RemoveClient messages are kept, so
    /// <see cref="Advertises"/> knows which clusters can be reached through it. Elsewhere they are ignored.
    /// </param>
    public RemoteDialerSession(
        WebSocket webSocket,
        TunnelTransportStream transport,
        bool sendsPings,
        string clientKey,
        TunnelSessionOptions options,
        ILogger logger,
        Func<TunnelConnection, Task>? serveConnect,
        bool acceptsClients = false)
    {
        _clients = acceptsClients ? new Dictionary<string, HashSet<long>>(StringComparer.Ordinal) : null;
        _webSocket = webSocket;
        _transport = transport;
        _sendsPings = sendsPings;
        ClientKey = clientKey;
        _options = options;
        _logger = logger;
        _serveConnect = serveConnect;
        SessionKey = Random.Shared.NextInt64(long.MaxValue);
    }

    /// <summary>The session's client key (the cluster id on the hub).</summary>
    public string ClientKey { get; }

    /// <summary>A random non-negative number telling this session from others with the same client key.</summary>
    public long SessionKey { get; }

    /// <summary>Completes when the session has ended.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Whether the peer has advertised a session for <paramref name="clientKey"/> (AddClient without a later RemoveClient).</summary>
    public bool Advertises(string clientKey)
    {
        if (_clients is null || _isEnded)
        {
            return false;
        }

        lock (_clients)
        {
            return _clients.ContainsKey(clientKey);
        }
    }

    /// <summary>Sends AddClient (<paramref name="add"/>) or RemoveClient for a session this side holds: <c>&lt;clientKey&gt;/&lt;sessionKey&gt;</c> on connection 0.</summary>
    /// <exception cref="IOException">The session has ended.</exception>
    public ValueTask AdvertiseAsync(string clientKey, long sessionKey, bool add, CancellationToken cancellationToken) =>
        SendAsync(add ? TunnelMessageType.AddClient : TunnelMessageType.RemoveClient, 0, Encoding.UTF8.GetBytes(clientKey + "/" + sessionKey.ToString(System.Globalization.CultureInfo.InvariantCulture)), cancellationToken);

    /// <summary>The text of an Error message, cut to what a v0.3.0 receiver reads (whole UTF-8 characters only).</summary>
    public static byte[] ErrorPayload(string reason)
    {
        var bytes = Encoding.UTF8.GetBytes(reason);
        if (bytes.Length <= MaxControlPayload)
        {
            return bytes;
        }

        var cut = MaxControlPayload;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return bytes[..cut];
    }

    /// <summary>Runs the session until the peer closes it, it fails, or <paramref name="cancellationToken"/> fires.</summary>
    /// <exception cref="TunnelProtocolException">The peer broke the protocol.</exception>
    /// <exception cref="IOException">The WebSocket failed or the read deadline passed.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        TunnelLog.SessionStarted(_logger, ClientKey, SessionKey);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        var keepAlive = KeepAliveAsync(_lifetime.Token);
        Exception? error = null;
        try
        {
            await ReceiveLoopAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (_abortReason is not null && e is not TunnelProtocolException)
        {
            error = _abortReason;
            throw _abortReason;
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            error = e;
            throw;
        }
        catch (WebSocketException e)
        {
            error = new IOException("The tunnel's WebSocket failed: " + e.Message, e);
            throw error;
        }
        catch (Exception e)
        {
            error = e;
            throw;
        }
        finally
        {
            End(error);
            try
            {
                await keepAlive.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Ends the session now; open connections fail with "tunnel disconnect".</summary>
    public void Abort(Exception? reason = null)
    {
        Interlocked.CompareExchange(ref _abortReason, reason ?? new IOException("The tunnel session was closed."), null);
        _webSocket.Abort();
        End(_abortReason);
    }

    /// <summary>Opens a connection through the peer to <paramref name="network"/>/<paramref name="address"/>.</summary>
    /// <remarks>
    /// There is no acknowledgement in the protocol: the connection counts as open once Connect is written, and a
    /// dial failure on the far side arrives later as an Error that fails the stream's reads and writes.
    /// </remarks>
    public async ValueTask<TunnelConnection> OpenAsync(string network, string address, CancellationToken cancellationToken)
    {
        if (network.Contains('/'))
        {
            throw new ArgumentException("The network must not contain '/': the peer splits the Connect payload at the first one.", nameof(network));
        }

        var payload = Encoding.UTF8.GetBytes(network + "/" + address);
        if (payload.Length > MaxControlPayload)
        {
            throw new ArgumentException($"'{network}/{address}' is longer than the {MaxControlPayload} bytes a remotedialer v0.3.0 peer reads.", nameof(address));
        }

        // Ids start at 2 and grow by one, as upstream's: the counter starts at 1 and is pre-incremented.
        var id = Interlocked.Increment(ref _nextConnectionId);
        var connection = new TunnelConnection(this, id, network, address);
        _connections[id] = connection;
        if (_isEnded)
        {
            _connections.TryRemove(id, out _);
            throw new IOException("tunnel disconnect");
        }

        try
        {
            await SendAsync(TunnelMessageType.Connect, id, payload, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _connections.TryRemove(id, out _);
            connection.OnSessionLost();
            throw;
        }

        TunnelLog.ConnectionOpened(_logger, ClientKey, id, network, address);
        return connection;
    }

    /// <summary>Sends one message. <paramref name="cancellationToken"/> only bounds the wait for the WebSocket, never a write in progress (cancelling that would kill the WebSocket).</summary>
    /// <exception cref="IOException">The session has ended.</exception>
    internal async ValueTask SendAsync(TunnelMessageType type, long connectionId, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_isEnded)
        {
            throw new IOException("tunnel disconnect");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(WebSocketFrame.MaxHeaderLength + TunnelFrame.MaxHeaderLength + payload.Length);
        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_isEnded || _outputClosed)
                {
                    throw new IOException("tunnel disconnect");
                }

                // The WebSocket frame is built here, header, tunnel message and payload in one buffer with one copy of
                // the payload, and goes out in one write: the managed WebSocket would copy it again into its own buffer
                // (masking there) behind a lock of its own. Its control frames (Pong, Close) share the transport's
                // write lock, so frames never interleave.
                var id = Interlocked.Increment(ref _nextMessageId) & long.MaxValue;
                var messageLength = TunnelFrame.GetLength(id, connectionId, type, payload.Length);
                var headerLength = WebSocketFrame.WriteBinaryHeader(buffer, messageLength, _sendsPings, out var mask);
                TunnelFrame.Write(buffer.AsSpan(headerLength), id, connectionId, type, payload.Span);
                if (_sendsPings)
                {
                    WebSocketFrame.Mask(buffer.AsSpan(headerLength, messageLength), mask);
                }

                await _transport.WriteAsync(buffer.AsMemory(0, headerLength + messageLength), _lifetime.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException and not { Message: "tunnel disconnect" })
        {
            throw new IOException("tunnel disconnect", e);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _lifetime.IsCancellationRequested)
        {
            throw new IOException("tunnel disconnect", e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Drops a connection closed on this side from the table.</summary>
    internal void Forget(TunnelConnection connection) => _connections.TryRemove(new KeyValuePair<long, TunnelConnection>(connection.Id, connection));

    private async ValueTask TrySendAsync(TunnelMessageType type, long connectionId, ReadOnlyMemory<byte> payload)
    {
        try
        {
            await SendAsync(type, connectionId, payload, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The session is ending; the receive loop will notice.
        }
    }

    private async Task KeepAliveAsync(CancellationToken cancellationToken)
    {
        var period = _sendsPings ? _options.PingInterval : _options.ReadTimeout / 4;
        if (period > _options.ReadTimeout / 2)
        {
            period = _options.ReadTimeout / 2;
        }

        // Silence counts only while this side is awake: a tick that comes late (a stalled thread pool, a GC pause, a
        // suspended VM) adds at most one period, because during the stall this side sent no Pings and read nothing, so
        // the peer cannot be blamed for it. Steady overload still ends a dead session: every tick adds a period.
        var time = _options.TimeProvider;
        var lastTick = time.GetTimestamp();
        var silentWhileAwake = TimeSpan.Zero;
        using var timer = new PeriodicTimer(period, time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetTimestamp();
            var sinceTick = time.GetElapsedTime(lastTick, now);
            lastTick = now;
            var silence = _transport.SinceLastReceived;
            silentWhileAwake = silence < sinceTick
                ? (silence < period ? silence : period)
                : silentWhileAwake + (sinceTick < period ? sinceTick : period);
            if (silentWhileAwake > _options.ReadTimeout)
            {
                Abort(new IOException($"The tunnel peer sent nothing for {_options.ReadTimeout.TotalSeconds:0.###} s (read deadline)."));
                return;
            }

            if (_sendsPings)
            {
                using var writeDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                writeDeadline.CancelAfter(_options.ReadTimeout);
                try
                {
                    await _transport.SendPingAsync(writeDeadline.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Abort(new IOException("Sending a keep-alive Ping failed.", e));
                    return;
                }
            }
        }
    }

    private void End(Exception? error)
    {
        lock (_connections)
        {
            if (_isEnded)
            {
                return;
            }

            _isEnded = true;
        }

        _lifetime.Cancel();
        foreach (var connection in _connections.Values)
        {
            connection.OnSessionLost();
        }

        _connections.Clear();
        if (_clients is not null)
        {
            lock (_clients)
            {
                _clients.Clear();
            }
        }

        _webSocket.Abort();
        TunnelLog.SessionEnded(_logger, ClientKey, SessionKey, error);
        _ended.TrySetResult();
    }
}
