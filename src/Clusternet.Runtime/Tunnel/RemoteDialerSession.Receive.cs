using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using System.Text;

namespace Clusternet.Runtime.Tunnel;

/// <summary>The receive side of a session: reading whole WebSocket messages and acting on each tunnel message.</summary>
internal sealed partial class RemoteDialerSession
{
    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var small = new byte[SmallReceiveBuffer];
        var limit = _options.MaxMessageSize + TunnelFrame.MaxHeaderLength;
        while (true)
        {
            var buffer = small;
            var length = 0;
            try
            {
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length >= limit)
                    {
                        throw new TunnelProtocolException($"A WebSocket message exceeds the limit of {_options.MaxMessageSize} bytes.");
                    }

                    if (length == buffer.Length)
                    {
                        // Straight to a size that holds a whole Data message (32 KiB from both Go and .NET peers), so
                        // a data-carrying message is copied once, not at every doubling.
                        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(buffer.Length * 4, LargeReceiveBuffer), limit));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        if (!ReferenceEquals(buffer, small))
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }

                        buffer = larger;
                    }

                    result = await _webSocket.ReceiveAsync(buffer.AsMemory(length, Math.Min(buffer.Length, limit) - length), cancellationToken).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await AnswerCloseAsync().ConfigureAwait(false);
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType != WebSocketMessageType.Binary)
                {
                    throw new TunnelProtocolException("The peer sent a text WebSocket message; tunnel messages are binary.");
                }

                var pooled = ReferenceEquals(buffer, small) ? null : buffer;
                if (await DispatchAsync(TunnelFrame.Decode(buffer.AsMemory(0, length), _options.MaxMessageSize), pooled).ConfigureAwait(false))
                {
                    // A connection now owns the pooled buffer and returns it once its bytes have been read.
                    buffer = small;
                }
            }
            finally
            {
                if (!ReferenceEquals(buffer, small))
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }

    private async ValueTask AnswerCloseAsync()
    {
        // Complete the close handshake so the peer sees a clean end; a second of trying is plenty.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                // Nothing may follow the Close frame; SendAsync checks this under the same lock.
                _outputClosed = true;
                await _webSocket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    /// <summary>Acts on one message; returns true when a connection took over <paramref name="pooled"/>, the array the frame lives in.</summary>
    private async ValueTask<bool> DispatchAsync(TunnelFrame frame, byte[]? pooled)
    {
        var taken = false;
        _connections.TryGetValue(frame.ConnectionId, out var connection);
        switch (frame.Type)
        {
            case TunnelMessageType.Data when connection is null:
                // As upstream: tell the peer the id is unknown. Peers ignore Errors for ids they no longer know.
                await TrySendAsync(TunnelMessageType.Error, frame.ConnectionId, ErrorPayload($"connection not found {ClientKey}/{SessionKey}/{frame.ConnectionId}")).ConfigureAwait(false);
                break;
            case TunnelMessageType.Data:
                TunnelConnection.DataOutcome outcome;
                if (pooled is not null && frame.Payload.Length >= pooled.Length / 4 && MemoryMarshal.TryGetArray(frame.Payload, out var payload))
                {
                    // Big enough to be worth the array it sits in: hand the array over instead of copying the payload.
                    outcome = connection.OnData(payload, out taken);
                }
                else
                {
                    outcome = connection.OnData(frame.Payload.Span);
                }

                switch (outcome)
                {
                    case TunnelConnection.DataOutcome.Pause:
                        // Not awaited: the receive loop must not wait behind the send lock (both ends doing so can deadlock).
                        _ = TrySendAsync(TunnelMessageType.Pause, connection.Id, ReadOnlyMemory<byte>.Empty).AsTask();
                        break;
                    case TunnelConnection.DataOutcome.Overflow:
                        TunnelLog.ConnectionOverflow(_logger, ClientKey, connection.Id, TunnelConnection.OverflowLimit);
                        _ = connection.CloseAsync("receive buffer overflow: Pause was ignored").AsTask();
                        break;
                }

                break;
            case TunnelMessageType.Connect:
                await AcceptConnectAsync(frame).ConfigureAwait(false);
                break;
            case TunnelMessageType.Error:
                if (connection is not null && _connections.TryRemove(new KeyValuePair<long, TunnelConnection>(connection.Id, connection)))
                {
                    connection.OnRemoteClose(Encoding.UTF8.GetString(frame.Payload.Span[..Math.Min(frame.Payload.Length, MaxControlPayload)]));
                }

                break;
            case TunnelMessageType.Pause:
                connection?.OnPause();
                break;
            case TunnelMessageType.Resume:
                connection?.OnResume();
                break;
            case TunnelMessageType.AddClient or TunnelMessageType.RemoveClient when _clients is not null:
                OnClientAdvertised(frame);
                break;
            default:
                // AddClient/RemoveClient on a session that is not a peer link's accepting end; SyncConnections is post-v0.3.0.
                TunnelLog.MessageIgnored(_logger, ClientKey, frame.Type);
                break;
        }

        return taken;
    }

    private void OnClientAdvertised(TunnelFrame frame)
    {
        // As a v0.3.0 receiver: at most 100 bytes, "<clientKey>/<sessionKey>", kept per (client key, session key), so a
        // peer that replaces a session (AddClient for the new key, then RemoveClient for the old) still advertises it.
        // A payload without both parts is ignored (a Go receiver ends the link on it).
        var text = Encoding.UTF8.GetString(frame.Payload.Span[..Math.Min(frame.Payload.Length, MaxControlPayload)]);
        var slash = text.LastIndexOf('/');
        if (slash <= 0 || !long.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sessionKey))
        {
            TunnelLog.MessageIgnored(_logger, ClientKey, frame.Type);
            return;
        }

        var clientKey = text[..slash];
        var added = frame.Type == TunnelMessageType.AddClient;
        lock (_clients!)
        {
            if (added)
            {
                if (!_clients.TryGetValue(clientKey, out var keys))
                {
                    if (_clients.Count >= MaxAdvertisedClients)
                    {
                        TunnelLog.MessageIgnored(_logger, ClientKey, frame.Type);
                        return;
                    }

                    _clients[clientKey] = keys = [];
                }

                keys.Add(sessionKey);
            }
            else if (_clients.TryGetValue(clientKey, out var keys) && keys.Remove(sessionKey) && keys.Count == 0)
            {
                _clients.Remove(clientKey);
            }
        }

        TunnelLog.ClientAdvertised(_logger, ClientKey, clientKey, added);
    }

    private async ValueTask AcceptConnectAsync(TunnelFrame frame)
    {
        if (_serveConnect is null)
        {
            // As upstream's hub: a side without a connect authorizer treats a Connect as a protocol violation.
            throw new TunnelProtocolException("The peer sent Connect; this side does not accept connections.");
        }

        if (frame.Payload.Length > MaxControlPayload)
        {
            await TrySendAsync(TunnelMessageType.Error, frame.ConnectionId, ErrorPayload($"connect payload longer than {MaxControlPayload} bytes")).ConfigureAwait(false);
            return;
        }

        var text = Encoding.UTF8.GetString(frame.Payload.Span);
        var slash = text.IndexOf('/');
        if (slash < 0)
        {
            throw new TunnelProtocolException($"The Connect payload '{text}' has no '/' between network and address.");
        }

        var connection = new TunnelConnection(this, frame.ConnectionId, text[..slash], text[(slash + 1)..]);
        if (!_connections.TryAdd(frame.ConnectionId, connection))
        {
            throw new TunnelProtocolException($"The peer sent Connect for connection {frame.ConnectionId}, which is already open.");
        }

        if (_isEnded)
        {
            // End() may have swept the table just before this connection was added.
            _connections.TryRemove(frame.ConnectionId, out _);
            connection.OnSessionLost();
        }

        _ = _serveConnect(connection);
    }
}
