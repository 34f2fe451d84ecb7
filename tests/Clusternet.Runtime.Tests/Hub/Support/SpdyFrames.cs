using System.Buffers.Binary;
using System.Text;

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>SPDY/3 frames written and read by hand from the draft's layout, as a client such as kubectl would.</summary>
internal static class SpdyFrames
{
    public static byte[] SynStream(int streamId, byte[] headerBlock)
    {
        var frame = new byte[18 + headerBlock.Length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, 0x8003);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), 1);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), 10 + headerBlock.Length);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(8), streamId);
        headerBlock.CopyTo(frame, 18);
        return frame;
    }

    public static byte[] Data(int streamId, byte[] payload, bool fin)
    {
        var frame = new byte[8 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, streamId);
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), payload.Length);
        frame[4] = (byte)(fin ? 1 : 0);
        payload.CopyTo(frame, 8);
        return frame;
    }

    /// <summary>The next frame: control frames give their type, data frames their stream id.</summary>
    public static async Task<(bool Control, int StreamOrType, byte Flags, byte[] Payload)> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var header = new byte[8];
        await stream.ReadExactlyAsync(header, cancellationToken);
        var payload = new byte[(header[5] << 16) | (header[6] << 8) | header[7]];
        await stream.ReadExactlyAsync(payload, cancellationToken);
        var control = (header[0] & 0x80) != 0;
        return (control, control ? BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) : BinaryPrimitives.ReadInt32BigEndian(header) & int.MaxValue, header[4], payload);
    }
}

/// <summary>Header blocks as one zlib stream of stored blocks, each ended as a sync flush ends one.</summary>
internal sealed class SpdyHeaderWriter
{
    private bool _started;

    public byte[] Block(params (string Name, string Value)[] headers)
    {
        using var block = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, headers.Length);
        block.Write(length);
        foreach (var (name, value) in headers)
        {
            foreach (var text in (string[])[name, value])
            {
                BinaryPrimitives.WriteInt32BigEndian(length, text.Length);
                block.Write(length);
                block.Write(Encoding.ASCII.GetBytes(text));
            }
        }

        var raw = block.ToArray();
        using var output = new MemoryStream();
        if (!_started)
        {
            output.Write([0x78, 0x01]);
            _started = true;
        }

        output.Write([0x00, (byte)raw.Length, (byte)(raw.Length >> 8), (byte)~raw.Length, (byte)(~raw.Length >> 8)]);
        output.Write(raw);
        output.Write([0x00, 0x00, 0x00, 0xFF, 0xFF]);
        return output.ToArray();
    }
}
