using System.Buffers.Binary;
using System.Text;
using Clusternet.ControlPlane.Api.Connect.Spdy;

namespace Clusternet.ControlPlane.Tests.Api;

/// <summary>The server end of SPDY/3.1 against frames written by hand from the draft's layout.</summary>
public class SpdyConnectionTests
{
    [Fact]
    public async Task AStreamIsRepliedToItsDataDeliveredAndPingsAnswered()
    {
        var compressor = new SpdyHeaderCompressor();
        var input = Concat(
            SynStream(1, compressor.Compress(SpdyHeaderCompression.Serialize(new Dictionary<string, string> { ["streamtype"] = "data" }))),
            Data(1, "hello"u8.ToArray(), fin: true),
            Control(6, 0, [0, 0, 0, 7]),
            Control(7, 0, new byte[8]));
        var transport = new Duplex(input);
        var received = new TaskCompletionSource<(string Type, string Data)>();
        await using var connection = new SpdyConnection(transport, async stream =>
        {
            var data = await new StreamReader(stream.Input).ReadToEndAsync();
            received.TrySetResult((stream.Headers["streamtype"], data));
            await stream.Output.WriteAsync("back"u8.ToArray());
            await stream.FinishAsync(CancellationToken.None);
        });

        await connection.RunAsync(CancellationToken.None);

        Assert.Equal(("data", "hello"), await received.Task);
        var frames = Frames(transport.Written.ToArray());
        Assert.Equal((0x8003, (ushort)2), (frames[0].VersionOrStream, frames[0].Type)); // SYN_REPLY
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(frames[0].Payload));
        Assert.Contains(frames, f => f.Type == 6 && f.Payload.SequenceEqual(new byte[] { 0, 0, 0, 7 })); // the PING echoed
        Assert.Contains(frames, f => f.VersionOrStream == 1 && f.Flags == 0 && Encoding.ASCII.GetString(f.Payload) == "back");
        Assert.Contains(frames, f => f.VersionOrStream == 1 && f.Flags == 1 && f.Payload.Length == 0); // FIN
    }

    [Theory]
    [InlineData("80 02 00 01 00 00 00 0A 00 00 00 01 00 00 00 00 00 00", "version 2")] // SPDY/2
    [InlineData("80 03 00 01 00 00 00 04 00 00 00 01", "too short")] // SYN_STREAM without its fields
    [InlineData("80 03 00 01 00 00 00 0C 00 00 00 01 00 00 00 00 00 00 01 02", "zlib")] // header block that is not zlib
    [InlineData("80 03 00 04 00 20 00 00", "larger")] // a 2 MiB frame
    [InlineData("80 03 00 01 00 00 00 10 00 00", "inside a SPDY frame")] // truncated
    public async Task MalformedFramesEndTheConnectionWithAProtocolError(string hex, string message)
    {
        var transport = new Duplex(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        await using var connection = new SpdyConnection(transport, _ => Task.CompletedTask);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => connection.RunAsync(CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamsBeyondTheLimitAreRefused()
    {
        var compressor = new SpdyHeaderCompressor();
        var frames = Enumerable.Range(0, SpdyConnection.MaxOpenStreams + 1)
            .Select(i => SynStream((2 * i) + 1, compressor.Compress(SpdyHeaderCompression.Serialize(new Dictionary<string, string> { ["streamtype"] = "error" }))));
        var transport = new Duplex(Concat([.. frames]));
        await using var connection = new SpdyConnection(transport, _ => Task.CompletedTask);

        await connection.RunAsync(CancellationToken.None);

        var refused = Assert.Single(Frames(transport.Written.ToArray()), f => f.Type == 3);
        Assert.Equal((2 * SpdyConnection.MaxOpenStreams) + 1, BinaryPrimitives.ReadInt32BigEndian(refused.Payload));
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(refused.Payload.AsSpan(4))); // REFUSED_STREAM
    }

    private static byte[] SynStream(int id, byte[] headerBlock)
    {
        var payload = new byte[10 + headerBlock.Length];
        BinaryPrimitives.WriteInt32BigEndian(payload, id);
        headerBlock.CopyTo(payload, 10);
        return Control(1, 0, payload);
    }

    private static byte[] Control(ushort type, byte flags, byte[] payload)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8003);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), type);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), payload.Length);
        frame[4] = flags;
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Data(int id, byte[] payload, bool fin)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, id);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), payload.Length);
        frame[4] = (byte)(fin ? 1 : 0);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static List<(int VersionOrStream, ushort Type, byte Flags, byte[] Payload)> Frames(byte[] bytes)
    {
        var frames = new List<(int, ushort, byte, byte[])>();
        for (var at = 0; at < bytes.Length;)
        {
            var control = (bytes[at] & 0x80) != 0;
            var first = control ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at)) : BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            var type = control ? BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(at + 2)) : (ushort)0;
            var length = (bytes[at + 5] << 16) | (bytes[at + 6] << 8) | bytes[at + 7];
            frames.Add((first, type, bytes[at + 4], bytes[(at + 8)..(at + 8 + length)]));
            at += 8 + length;
        }

        return frames;
    }

    /// <summary>Reads the given bytes, then the end; keeps what is written.</summary>
    private sealed class Duplex(byte[] input) : Stream
    {
        private readonly MemoryStream _input = new(input);

        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _input.Read(buffer, offset, count);

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (Written)
            {
                Written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
