namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// The byte stream under a tunnel's WebSocket. It exists for two protocol facts System.Net.WebSockets cannot
/// express: a remotedialer server extends its read deadline only when it receives a Ping, so the client must
/// send real Pings on a fixed period even while data flows (.NET's keep-alive sends unsolicited Pongs, or Pings
/// only when idle, and expects its own payload back while Go answers with an empty Pong); and the read deadline
/// must see the Pongs and Pings that the WebSocket consumes internally. So this stream records when bytes last
/// arrived, and writes Ping frames between the other frames. The managed WebSocket (control frames) and the
/// session (its own data frames, see <see cref="WebSocketFrame"/>) each write a frame with a single write call,
/// so serializing writes here keeps frames whole.
/// </summary>
internal sealed class TunnelTransportStream(Stream inner, TimeProvider time) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _lastReceived = time.GetTimestamp();

    /// <summary>How long ago bytes last arrived from the peer.</summary>
    public TimeSpan SinceLastReceived => time.GetElapsedTime(Interlocked.Read(ref _lastReceived));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Writes a client Ping: FIN + opcode 9, masked, empty payload (the mask key is required of clients, its value is not checked).</summary>
    public async ValueTask SendPingAsync(CancellationToken cancellationToken)
    {
        var frame = new byte[6];
        frame[0] = 0x89;
        frame[1] = 0x80;
        Random.Shared.NextBytes(frame.AsSpan(2));
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            Interlocked.Exchange(ref _lastReceived, time.GetTimestamp());
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
