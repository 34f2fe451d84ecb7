using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.IO.Pipelines;

namespace Clusternet.ControlPlane.Api.Connect.Spdy;

/// <summary>
/// The server end of a SPDY/3.1 connection as Kubernetes' streaming protocols use it (moby/spdystream on the client):
/// the client opens streams with SYN_STREAM and headers, the server answers each with an empty SYN_REPLY, and both sides
/// send DATA, half-closing with FIN. PINGs are answered, SETTINGS and WINDOW_UPDATE ignored (spdystream applies no flow
/// control either), and a GOAWAY or the end of the transport ends the connection.
/// </summary>
internal sealed class SpdyConnection : IAsyncDisposable
{
    private const int MaxFrameLength = 1 << 20;

    /// <summary>Streams open at once; more are refused (RST_STREAM, REFUSED_STREAM) so one client cannot grow the table without bound.</summary>
    public const int MaxOpenStreams = 1024;
    private const int RefusedStream = 3;
    private const int MaxDataPerFrame = 32 * 1024;
    private const ushort SynStream = 1, SynReply = 2, RstStream = 3, Ping = 6, GoAway = 7, Headers = 8;
    private const byte FlagFin = 0x01;

    private readonly Stream _transport;
    private readonly Func<SpdyStream, Task> _onStream;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly SpdyHeaderDecompressor _decompressor = new();
    private readonly SpdyHeaderCompressor _compressor = new();
    private readonly ConcurrentDictionary<int, SpdyStream> _streams = new();
    private readonly List<Task> _handlers = [];

    public SpdyConnection(Stream transport, Func<SpdyStream, Task> onStream)
    {
        _transport = transport;
        _onStream = onStream;
    }

    /// <summary>Reads frames until the client closes the connection or says GOAWAY, then waits for the stream handlers.</summary>
    /// <exception cref="InvalidDataException">The client broke the protocol.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var header = new byte[8];
        try
        {
            while (await ReadExactlyOrEndAsync(header, cancellationToken).ConfigureAwait(false))
            {
                var length = (header[5] << 16) | (header[6] << 8) | header[7];
                if (length > MaxFrameLength)
                {
                    throw new InvalidDataException($"a SPDY frame of {length} bytes is larger than {MaxFrameLength}");
                }

                var payload = new byte[length];
                if (!await ReadExactlyOrEndAsync(payload, cancellationToken).ConfigureAwait(false))
                {
                    throw new InvalidDataException("the connection ended inside a SPDY frame");
                }

                var flags = header[4];
                if ((header[0] & 0x80) == 0)
                {
                    OnData(BinaryPrimitives.ReadInt32BigEndian(header) & int.MaxValue, flags, payload);
                    continue;
                }

                var version = BinaryPrimitives.ReadUInt16BigEndian(header) & 0x7FFF;
                if (version != 3)
                {
                    throw new InvalidDataException($"SPDY version {version} is not supported; this server speaks SPDY/3.1");
                }

                if (!await OnControlAsync(BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)), flags, payload, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        finally
        {
            foreach (var stream in _streams.Values)
            {
                stream.OnRemoteClosed();
            }

            Task[] handlers;
            lock (_handlers)
            {
                handlers = [.. _handlers];
            }

            await Task.WhenAll(handlers).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _decompressor.Dispose();
        _sending.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends data on a stream, in frames of at most 32 KiB; <paramref name="fin"/> half-closes it with the last one.</summary>
    internal async Task SendDataAsync(int streamId, ReadOnlyMemory<byte> data, bool fin, CancellationToken cancellationToken)
    {
        do
        {
            var take = Math.Min(data.Length, MaxDataPerFrame);
            var frame = new byte[8 + take];
            BinaryPrimitives.WriteInt32BigEndian(frame, streamId & int.MaxValue);
            frame[4] = (byte)(fin && take == data.Length ? FlagFin : 0);
            WriteLength(frame, take);
            data.Span[..take].CopyTo(frame.AsSpan(8));
            await SendAsync(frame, cancellationToken).ConfigureAwait(false);
            data = data[take..];
        }
        while (!data.IsEmpty);
    }

    private async Task<bool> OnControlAsync(ushort type, byte flags, byte[] payload, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case SynStream when payload.Length >= 10:
                var id = BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue;
                var headers = SpdyHeaderCompression.Parse(_decompressor.Decompress(payload.AsSpan(10)));
                var stream = new SpdyStream(this, id, headers);
                if (id == 0 || _streams.ContainsKey(id))
                {
                    throw new InvalidDataException($"SYN_STREAM for stream {id}, which is invalid or already open");
                }

                if (_streams.Count >= MaxOpenStreams)
                {
                    var refused = ControlFrame(RstStream, 0, 8);
                    BinaryPrimitives.WriteInt32BigEndian(refused.AsSpan(8), id);
                    BinaryPrimitives.WriteInt32BigEndian(refused.AsSpan(12), RefusedStream);
                    await SendAsync(refused, cancellationToken).ConfigureAwait(false);
                    return true;
                }

                _streams[id] = stream;

                // Every stream is accepted with an empty reply, as the kubelet's SPDY server does.
                var reply = _compressor.Compress(SpdyHeaderCompression.Serialize(new Dictionary<string, string>()));
                var frame = ControlFrame(SynReply, 0, 4 + reply.Length);
                BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), id);
                reply.CopyTo(frame, 12);
                await SendAsync(frame, cancellationToken).ConfigureAwait(false);
                if ((flags & FlagFin) != 0)
                {
                    stream.OnRemoteClosed();
                }

                var handler = Task.Run(() => _onStream(stream), CancellationToken.None);
                lock (_handlers)
                {
                    _handlers.RemoveAll(t => t.IsCompleted);
                    _handlers.Add(handler);
                }

                return true;
            case SynReply or Headers when payload.Length >= 4:
                // Not expected from a client, but its header block is part of the zlib stream: decode to stay in step.
                _decompressor.Decompress(payload.AsSpan(4));
                return true;
            case RstStream when payload.Length >= 8:
                if (_streams.TryRemove(BinaryPrimitives.ReadInt32BigEndian(payload) & int.MaxValue, out var reset))
                {
                    reset.OnReset();
                }

                return true;
            case Ping when payload.Length >= 4:
                var pong = ControlFrame(Ping, 0, 4);
                payload.AsSpan(0, 4).CopyTo(pong.AsSpan(8));
                await SendAsync(pong, cancellationToken).ConfigureAwait(false);
                return true;
            case GoAway:
                return false;
            case SynStream or SynReply or Headers or RstStream or Ping:
                throw new InvalidDataException($"a SPDY control frame of type {type} with a {payload.Length}-byte payload is too short");
            default:
                // SETTINGS, WINDOW_UPDATE, CREDENTIAL and unknown types: nothing to do.
                return true;
        }
    }

    private void OnData(int streamId, byte flags, byte[] payload)
    {
        if (!_streams.TryGetValue(streamId, out var stream))
        {
            return; // a stream reset or finished here; spdystream ignores such frames too
        }

        stream.OnData(payload, (flags & FlagFin) != 0);
    }

    /// <summary>Drops a stream closed in both directions from the table.</summary>
    internal void Forget(SpdyStream stream) => _streams.TryRemove(new KeyValuePair<int, SpdyStream>(stream.Id, stream));

    private async Task SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _transport.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            await _transport.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = await _transport.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return read == buffer.Length || (read != 0 ? throw new InvalidDataException("the connection ended inside a SPDY frame") : false);
    }

    private static byte[] ControlFrame(ushort type, byte flags, int length)
    {
        var frame = new byte[8 + length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8003);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        frame[4] = flags;
        WriteLength(frame, length);
        return frame;
    }

    private static void WriteLength(byte[] frame, int length)
    {
        frame[5] = (byte)(length >> 16);
        frame[6] = (byte)(length >> 8);
        frame[7] = (byte)length;
    }
}

/// <summary>One SPDY stream opened by the client: its headers, what it sent, and a way to answer.</summary>
internal sealed class SpdyStream
{
    private readonly SpdyConnection _connection;
    private readonly Pipe _input = new(new PipeOptions(pauseWriterThreshold: 0));
    private int _finished;
    private int _remoteClosed;

    public SpdyStream(SpdyConnection connection, int id, IReadOnlyDictionary<string, string> headers)
    {
        _connection = connection;
        Id = id;
        Headers = headers;
    }

    public int Id { get; }

    /// <summary>The SYN_STREAM headers, names lowercase.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>What the client sends on the stream; ends at its FIN, a reset, or the end of the connection.</summary>
    public Stream Input => _input.Reader.AsStream();

    /// <summary>Writes become DATA frames on the stream.</summary>
    public Stream Output => new OutputStream(this);

    /// <summary>Half-closes the stream from this side (an empty DATA frame with FIN), once.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            await _connection.SendDataAsync(Id, ReadOnlyMemory<byte>.Empty, fin: true, cancellationToken).ConfigureAwait(false);
            if (Volatile.Read(ref _remoteClosed) == 1)
            {
                _connection.Forget(this);
            }
        }
    }

    internal void OnData(byte[] payload, bool fin)
    {
        if (Volatile.Read(ref _remoteClosed) == 1)
        {
            return; // data after the client's FIN or a reset: nothing reads it any more
        }

        if (payload.Length > 0)
        {
            // No flow control in the protocol as spdystream speaks it, so the pipe does not push back (it would stall
            // every stream's frames behind this one).
            _input.Writer.Write(payload);
            _ = _input.Writer.FlushAsync();
        }

        if (fin)
        {
            OnRemoteClosed();
        }
    }

    internal void OnRemoteClosed()
    {
        if (Interlocked.Exchange(ref _remoteClosed, 1) == 0)
        {
            _input.Writer.Complete();
            if (Volatile.Read(ref _finished) == 1)
            {
                _connection.Forget(this);
            }
        }
    }

    internal void OnReset()
    {
        Interlocked.Exchange(ref _finished, 1);
        OnRemoteClosed();
    }

    private sealed class OutputStream(SpdyStream stream) : WriteOnlyStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!buffer.IsEmpty && Volatile.Read(ref stream._finished) == 0)
            {
                await stream._connection.SendDataAsync(stream.Id, buffer, fin: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
