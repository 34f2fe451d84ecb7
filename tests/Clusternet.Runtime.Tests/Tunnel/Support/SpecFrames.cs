using System.Text;

namespace Clusternet.Runtime.Tests.Tunnel.Support;

/// <summary>
/// Frames built by hand from the protocol description (zig-zag, then base-128 little-endian groups; a deadline
/// varint after the type on Data and Connect only), independent of the production encoder so the two check
/// each other.
/// </summary>
internal static class SpecFrames
{
    public const byte Data = 1, Connect = 2, Error = 3, AddClient = 4, RemoveClient = 5, Pause = 6, Resume = 7;

    public static byte[] Varint(long value)
    {
        var zigzag = value >= 0 ? (ulong)value * 2 : ((ulong)(-(value + 1)) * 2) + 1;
        var bytes = new List<byte>();
        do
        {
            var group = (byte)(zigzag & 0x7F);
            zigzag >>= 7;
            bytes.Add(zigzag != 0 ? (byte)(group | 0x80) : group);
        }
        while (zigzag != 0);
        return bytes.ToArray();
    }

    public static byte[] Frame(long messageId, long connectionId, byte type, byte[] payload)
    {
        var bytes = new List<byte>();
        bytes.AddRange(Varint(messageId));
        bytes.AddRange(Varint(connectionId));
        bytes.AddRange(Varint(type));
        if (type is Data or Connect)
        {
            bytes.AddRange(new byte[] { 0xB0, 0xEA, 0x01 });
        }

        bytes.AddRange(payload);
        return bytes.ToArray();
    }

    public static byte[] Frame(long messageId, long connectionId, byte type, string payload = "") =>
        Frame(messageId, connectionId, type, Encoding.UTF8.GetBytes(payload));

    /// <summary>Reads one varint the slow way; returns the value and advances <paramref name="offset"/>.</summary>
    public static long ReadVarint(byte[] bytes, ref int offset)
    {
        ulong zigzag = 0;
        var shift = 0;
        while (true)
        {
            var b = bytes[offset++];
            zigzag |= (ulong)(b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80)
            {
                break;
            }
        }

        return (zigzag & 1) == 0 ? (long)(zigzag / 2) : -(long)(zigzag / 2) - 1;
    }

    /// <summary>Splits a received message into its fields by the spec.</summary>
    public static (long MessageId, long ConnectionId, byte Type, byte[] Payload) Parse(byte[] message)
    {
        var offset = 0;
        var id = ReadVarint(message, ref offset);
        var connection = ReadVarint(message, ref offset);
        var type = (byte)ReadVarint(message, ref offset);
        if (type is Data or Connect)
        {
            ReadVarint(message, ref offset);
        }

        return (id, connection, type, message[offset..]);
    }
}
