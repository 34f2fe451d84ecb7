using System.Buffers;

namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// One multiplexed connection of a tunnel session, as a <see cref="Stream"/>. Reads drain a receive buffer the
/// session fills from Data messages; writes become Data messages. Disposing sends Error <c>EOF</c> (the protocol
/// has no half-close). A peer Error ends reads after the buffered bytes (<c>EOF</c>: end of stream; any other
/// text: <see cref="IOException"/>), and losing the session does the same with "tunnel disconnect".
/// </summary>
internal sealed class TunnelConnection : Stream
{
    /// <summary>remotedialer's receive buffer limit (1 &lt;&lt; 21): buffering past it asks the peer to Pause.</summary>
    public const long PauseThreshold = 1 << 21;

    /// <summary>Once paused, draining the buffer below this lets the peer Resume.</summary>
    public const long ResumeThreshold = 256 << 10;

    /// <summary>
    /// A peer that keeps sending this far past a Pause is ignoring flow control; the connection is closed rather
    /// than buffer without bound. Pause takes a round trip to act, and everything already in the TCP buffers
    /// between the two ends (several MiB on a fast link) still arrives, so the margin is wide.
    /// </summary>
    public const long OverflowLimit = 16 * PauseThreshold;

    // Writes are cut into Data messages no larger than a Go copy loop's buffer, so one large write cannot hold the
    // session's WebSocket for long and delay every other connection behind it.
    private const int MaxDataPayload = 32 << 10;

    private readonly RemoteDialerSession _session;
    private readonly Lock _gate = new();
    private readonly Queue<ArraySegment<byte>> _segments = new();
    private int _headOffset;
    private long _buffered;
    private bool _pauseSent;
    private TaskCompletionSource? _readWaiter;
    private TaskCompletionSource? _resumeWaiter;
    private bool _readClosed;
    private Exception? _readError;
    private Exception? _writeError;
    private int _closed;

    public TunnelConnection(RemoteDialerSession session, long id, string network, string address)
    {
        _session = session;
        Id = id;
        Network = network;
        Address = address;
    }

    /// <summary>The connection id on the wire.</summary>
    public long Id { get; }

    /// <summary>The network of the Connect (<c>tcp</c>).</summary>
    public string Network { get; }

    /// <summary>The address of the Connect (<c>host:port</c>).</summary>
    public string Address { get; }

    /// <summary>Bytes received and not yet read.</summary>
    public long Buffered
    {
        get
        {
            lock (_gate)
            {
                return _buffered;
            }
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Appends a Data payload (copied); says whether the session must now send Pause, or close the connection for overflow.</summary>
    internal DataOutcome OnData(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return DataOutcome.None;
        }

        var copy = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(copy);
        var outcome = OnData(new ArraySegment<byte>(copy, 0, payload.Length), out var taken);
        if (!taken)
        {
            ArrayPool<byte>.Shared.Return(copy);
        }

        return outcome;
    }

    /// <summary>
    /// Appends a Data payload that lives in an <see cref="ArrayPool{T}.Shared"/> array. When <paramref name="taken"/>
    /// comes back true the connection owns the array and returns it to the pool once read; otherwise the caller keeps it.
    /// </summary>
    internal DataOutcome OnData(ArraySegment<byte> pooled, out bool taken)
    {
        taken = false;
        if (pooled.Count == 0)
        {
            return DataOutcome.None;
        }

        TaskCompletionSource? waiter;
        DataOutcome outcome;
        lock (_gate)
        {
            if (_readClosed)
            {
                return DataOutcome.None;
            }

            _segments.Enqueue(pooled);
            taken = true;
            _buffered += pooled.Count;
            waiter = _readWaiter;
            _readWaiter = null;
            if (_buffered > OverflowLimit)
            {
                outcome = DataOutcome.Overflow;
            }
            else if (_buffered > PauseThreshold && !_pauseSent)
            {
                _pauseSent = true;
                outcome = DataOutcome.Pause;
            }
            else
            {
                outcome = DataOutcome.None;
            }
        }

        waiter?.TrySetResult();
        return outcome;
    }

    /// <summary>The peer asked us to stop sending Data.</summary>
    internal void OnPause()
    {
        lock (_gate)
        {
            if (_writeError is null)
            {
                _resumeWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>The peer lets us send Data again.</summary>
    internal void OnResume()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            waiter = _resumeWaiter;
            _resumeWaiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>The peer closed the connection with an Error message; <c>EOF</c> is the graceful close.</summary>
    internal void OnRemoteClose(string reason)
    {
        Interlocked.Exchange(ref _closed, 1);
        var graceful = reason == "EOF";
        Terminate(graceful ? null : new IOException(reason), new IOException(graceful ? "The tunnel connection was closed by the peer." : reason));
    }

    /// <summary>The session ended; buffered bytes stay readable, then reads fail.</summary>
    internal void OnSessionLost()
    {
        Interlocked.Exchange(ref _closed, 1);
        var error = new IOException("tunnel disconnect");
        Terminate(error, error);
    }

    /// <summary>Closes the connection from this side, telling the peer <paramref name="reason"/> (<c>EOF</c> for a clean close).</summary>
    internal async ValueTask CloseAsync(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _session.Forget(this);
        Terminate(new ObjectDisposedException(nameof(TunnelConnection)), new ObjectDisposedException(nameof(TunnelConnection)));
        ReleaseBuffers();
        try
        {
            await _session.SendAsync(TunnelMessageType.Error, Id, RemoteDialerSession.ErrorPayload(reason), CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The session is gone; the peer drops the connection with it.
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task? wait = null;
            var resume = false;
            var read = 0;
            lock (_gate)
            {
                if (_segments.Count > 0)
                {
                    // A zero-byte read (SocketsHttpHandler's idle-connection probe) completes once data is there.
                    while (read < buffer.Length && _segments.TryPeek(out var head))
                    {
                        var available = head.Count - _headOffset;
                        var take = Math.Min(available, buffer.Length - read);
                        head.AsSpan(_headOffset, take).CopyTo(buffer.Span[read..]);
                        read += take;
                        if (take == available)
                        {
                            _segments.Dequeue();
                            _headOffset = 0;
                            ArrayPool<byte>.Shared.Return(head.Array!);
                        }
                        else
                        {
                            _headOffset += take;
                        }
                    }

                    _buffered -= read;
                    if (_pauseSent && _buffered < ResumeThreshold)
                    {
                        _pauseSent = false;
                        resume = !_readClosed;
                    }
                }
                else if (_readClosed)
                {
                    return _readError is null ? 0 : throw Rethrowable(_readError);
                }
                else
                {
                    // Completed by the session's receive loop, which then runs this read's continuation itself (decrypting,
                    // parsing HTTP/2, writing to the target) instead of queueing it: a thread-pool hop per message costs
                    // more than the work, above all on a busy machine. Continuations never run under _gate, and whatever
                    // they wait for asynchronously hands the loop back at once.
                    _readWaiter ??= new TaskCompletionSource();
                    wait = _readWaiter.Task;
                }
            }

            if (wait is not null)
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (resume)
            {
                try
                {
                    await _session.SendAsync(TunnelMessageType.Resume, Id, ReadOnlyMemory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // Session lost: the next read reports it.
                }
            }

            return read;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            Task? paused;
            lock (_gate)
            {
                if (_writeError is not null)
                {
                    throw Rethrowable(_writeError);
                }

                paused = _resumeWaiter?.Task;
            }

            if (paused is not null)
            {
                await paused.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var chunk = buffer[..Math.Min(buffer.Length, MaxDataPayload)];
            await _session.SendAsync(TunnelMessageType.Data, Id, chunk, cancellationToken).ConfigureAwait(false);
            buffer = buffer[chunk.Length..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await CloseAsync("EOF").ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Synchronous disposal (SocketsHttpHandler uses it) must not block on the WebSocket; the EOF goes out in the background.
            _ = CloseAsync("EOF").AsTask();
        }

        base.Dispose(disposing);
    }

    private static Exception Rethrowable(Exception error) => error switch
    {
        ObjectDisposedException => new ObjectDisposedException(nameof(TunnelConnection)),
        _ => new IOException(error.Message, error),
    };

    private void Terminate(Exception? readError, Exception writeError)
    {
        TaskCompletionSource? reader;
        TaskCompletionSource? writer;
        lock (_gate)
        {
            if (!_readClosed)
            {
                _readClosed = true;
                _readError = readError;
            }

            _writeError ??= writeError;
            reader = _readWaiter;
            _readWaiter = null;
            writer = _resumeWaiter;
            _resumeWaiter = null;
        }

        reader?.TrySetResult();
        writer?.TrySetResult();
    }

    private void ReleaseBuffers()
    {
        lock (_gate)
        {
            while (_segments.TryDequeue(out var segment))
            {
                ArrayPool<byte>.Shared.Return(segment.Array!);
            }

            _headOffset = 0;
            _buffered = 0;
        }
    }

    /// <summary>What the session must do after a Data payload was buffered.</summary>
    internal enum DataOutcome
    {
        /// <summary>Nothing.</summary>
        None,

        /// <summary>Send Pause for this connection.</summary>
        Pause,

        /// <summary>The peer ignored Pause: close the connection.</summary>
        Overflow,
    }
}
