using System.Buffers.Binary;
using System.Numerics;

namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// Writes the header of one unfragmented binary WebSocket frame (RFC 6455 §5.2) and masks client payloads, so a
/// tunnel message can be framed in the buffer it is encoded in and written with a single call.
/// </summary>
internal static class WebSocketFrame
{
    /// <summary>FIN, opcode, a 64-bit length and a mask key.</summary>
    public const int MaxHeaderLength = 14;

    /// <summary>Writes FIN + opcode 2 and the payload length (7, 16 or 64 bits); a client adds the mask bit and a fresh mask key.</summary>
    /// <returns>The header's length.</returns>
    public static int WriteBinaryHeader(Span<byte> destination, int payloadLength, bool masked, out uint mask)
    {
        destination[0] = 0x82;
        var maskBit = masked ? (byte)0x80 : (byte)0;
        int n;
        if (payloadLength <= 125)
        {
            destination[1] = (byte)(maskBit | payloadLength);
            n = 2;
        }
        else if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(maskBit | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            n = 4;
        }
        else
        {
            destination[1] = (byte)(maskBit | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
            n = 10;
        }

        mask = 0;
        if (masked)
        {
            // Clients must mask with an unpredictable key (so a payload cannot steer what an intermediary sees); the
            // server does not check its value.
            mask = (uint)Random.Shared.Next() ^ ((uint)Random.Shared.Next() << 1);
            BinaryPrimitives.WriteUInt32LittleEndian(destination[n..], mask);
            n += 4;
        }

        return n;
    }

    /// <summary>XORs <paramref name="payload"/> with the mask key as written by <see cref="WriteBinaryHeader"/> (byte i with key byte i mod 4).</summary>
    public static void Mask(Span<byte> payload, uint mask)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && payload.Length >= Vector<byte>.Count)
        {
            // Vector<byte>.Count is a multiple of 4, so every vector starts at key byte 0.
            var key = Vector.AsVectorByte(new Vector<uint>(mask));
            for (; i <= payload.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var span = payload[i..];
                (new Vector<byte>(span) ^ key).CopyTo(span);
            }
        }

        for (; i < payload.Length; i++)
        {
            payload[i] ^= (byte)(mask >> (8 * (i & 3)));
        }
    }
}
