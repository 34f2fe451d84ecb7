namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// Go's signed varints (<c>binary.PutVarint</c>/<c>binary.ReadVarint</c>): zig-zag (v ≥ 0 → 2v, v &lt; 0 → −2v−1),
/// then base-128 groups, least significant first, the high bit of each byte saying another follows. At most
/// ten bytes; a tenth byte above 1 would overflow 64 bits and Go rejects it, so do we. Go also accepts
/// non-minimal encodings (<c>80 00</c> for 0), and so do we.
/// </summary>
internal static class TunnelVarint
{
    /// <summary>The longest encoding of a 64-bit value.</summary>
    public const int MaxLength = 10;

    /// <summary>Writes <paramref name="value"/> and returns the number of bytes written.</summary>
    public static int Write(Span<byte> destination, long value)
    {
        var zigzag = (ulong)value << 1;
        if (value < 0)
        {
            zigzag = ~zigzag;
        }

        var i = 0;
        while (zigzag >= 0x80)
        {
            destination[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        destination[i++] = (byte)zigzag;
        return i;
    }

    /// <summary>The number of bytes <see cref="Write"/> needs for <paramref name="value"/>.</summary>
    public static int GetLength(long value)
    {
        var zigzag = (ulong)value << 1;
        if (value < 0)
        {
            zigzag = ~zigzag;
        }

        var length = 1;
        while (zigzag >= 0x80)
        {
            zigzag >>= 7;
            length++;
        }

        return length;
    }

    /// <summary>Reads one varint from the start of <paramref name="source"/>.</summary>
    /// <param name="source">The bytes to read.</param>
    /// <param name="field">The field's name, for the error message.</param>
    /// <param name="consumed">How many bytes the varint took.</param>
    /// <exception cref="TunnelProtocolException">The bytes end inside the varint, or it overflows 64 bits.</exception>
    public static long Read(ReadOnlySpan<byte> source, string field, out int consumed)
    {
        ulong result = 0;
        var shift = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                throw new TunnelProtocolException($"The frame ends inside its {field} varint.");
            }

            var b = source[i];
            if (b < 0x80)
            {
                if (i == MaxLength - 1 && b > 1)
                {
                    throw new TunnelProtocolException($"The {field} varint overflows 64 bits.");
                }

                result |= (ulong)b << shift;
                consumed = i + 1;
                var value = (long)(result >> 1);
                return (result & 1) != 0 ? ~value : value;
            }

            result |= (ulong)(b & 0x7F) << shift;
            shift += 7;
        }

        throw new TunnelProtocolException($"The {field} varint overflows 64 bits.");
    }
}
