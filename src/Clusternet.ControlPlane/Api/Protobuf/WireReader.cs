using System.Buffers.Binary;

namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>The protobuf wire types (the low three bits of a field's tag).</summary>
internal enum WireType
{
    /// <summary>A base-128 varint: int32, int64, bool, enum.</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes.</summary>
    Fixed64 = 1,

    /// <summary>A varint length, then that many bytes: string, bytes, message, map entry.</summary>
    LengthDelimited = 2,

    /// <summary>The start of a proto2 group (deprecated; only skipped).</summary>
    StartGroup = 3,

    /// <summary>The end of a proto2 group.</summary>
    EndGroup = 4,

    /// <summary>Four little-endian bytes.</summary>
    Fixed32 = 5,
}

/// <summary>
/// Reads protobuf wire format from one message: the bytes of <c>body</c> between a start and an end offset. Offsets stay
/// relative to the whole body, so an error names the byte a client can find in its own dump.
/// </summary>
internal ref struct WireReader
{
    // Unknown fields may nest groups; real Kubernetes bodies never use groups, so a shallow bound is plenty.
    private const int MaxGroupDepth = 32;

    private readonly ReadOnlySpan<byte> body;
    private readonly int end;
    private readonly string context;
    private int position;

    /// <summary>Creates a reader over <paramref name="body"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    /// <param name="body">The whole request body.</param>
    /// <param name="start">The first byte of the message.</param>
    /// <param name="end">One past the last byte of the message.</param>
    /// <param name="context">The message's path for error messages, e.g. <c>ConfigMap.metadata</c>.</param>
    public WireReader(ReadOnlySpan<byte> body, int start, int end, string context)
    {
        this.body = body;
        this.position = start;
        this.end = end;
        this.context = context;
    }

    /// <summary>Whether the message has no more bytes.</summary>
    public readonly bool AtEnd => position >= end;

    /// <summary>The offset of the next byte within the body.</summary>
    public readonly int Position => position;

    /// <summary>The message's path, for error messages.</summary>
    public readonly string Context => context;

    /// <summary>Reads a field's tag.</summary>
    /// <param name="tagOffset">The offset of the tag's first byte.</param>
    /// <returns>The field number and wire type.</returns>
    public (int Number, WireType WireType) ReadTag(out int tagOffset)
    {
        tagOffset = position;
        var tag = ReadVarint();
        var wireType = (int)(tag & 7);
        var number = tag >> 3;
        if (wireType > 5)
        {
            throw Malformed($"invalid wire type {wireType}", tagOffset);
        }

        // Field numbers are 1 .. 2^29-1.
        if (number == 0 || number > 536_870_911)
        {
            throw Malformed($"invalid field number {number}", tagOffset);
        }

        return ((int)number, (WireType)wireType);
    }

    /// <summary>Reads a base-128 varint of at most ten bytes.</summary>
    /// <returns>The value's 64 bits.</returns>
    public ulong ReadVarint()
    {
        var start = position;
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= end)
            {
                throw Malformed("truncated varint", start);
            }

            var b = body[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw Malformed("varint longer than 10 bytes", start);
    }

    /// <summary>Reads four little-endian bytes.</summary>
    /// <returns>The value.</returns>
    public uint ReadFixed32()
    {
        var start = position;
        if (end - position < 4)
        {
            throw Malformed("truncated fixed32", start);
        }

        position += 4;
        return BinaryPrimitives.ReadUInt32LittleEndian(body[start..]);
    }

    /// <summary>Reads eight little-endian bytes.</summary>
    /// <returns>The value.</returns>
    public ulong ReadFixed64()
    {
        var start = position;
        if (end - position < 8)
        {
            throw Malformed("truncated fixed64", start);
        }

        position += 8;
        return BinaryPrimitives.ReadUInt64LittleEndian(body[start..]);
    }

    /// <summary>Reads a length prefix and steps over the bytes it announces.</summary>
    /// <returns>The offsets of the payload within the body.</returns>
    public (int Start, int End) ReadLengthDelimited()
    {
        var lengthOffset = position;
        var length = ReadVarint();
        var remaining = end - position;
        if (length > (ulong)remaining)
        {
            throw Malformed($"length {length} runs past the end of the message, which has {remaining} left", lengthOffset);
        }

        var start = position;
        position += (int)length;
        return (start, position);
    }

    /// <summary>Steps over the value of a field this reader's caller does not know.</summary>
    /// <param name="number">The field number, to match a group's end.</param>
    /// <param name="wireType">The field's wire type.</param>
    public void Skip(int number, WireType wireType) => Skip(number, wireType, 0);

    /// <summary>Builds the exception for a malformed byte at <paramref name="offset"/>.</summary>
    /// <param name="problem">What is wrong.</param>
    /// <param name="offset">The offset within the body.</param>
    /// <returns>The exception to throw.</returns>
    public readonly ProtobufDecodeException Malformed(string problem, int offset) =>
        new($"invalid protobuf body: {problem} at byte {offset} (in {context})");

    private void Skip(int number, WireType wireType, int depth)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                ReadFixed64();
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                ReadFixed32();
                break;
            case WireType.StartGroup:
                if (depth >= MaxGroupDepth)
                {
                    throw Malformed("groups nested too deeply", position);
                }

                while (true)
                {
                    if (AtEnd)
                    {
                        throw Malformed($"group {number} has no end", position);
                    }

                    var (inner, innerType) = ReadTag(out var tagOffset);
                    if (innerType == WireType.EndGroup)
                    {
                        if (inner != number)
                        {
                            throw Malformed($"group {number} ended by the end of group {inner}", tagOffset);
                        }

                        return;
                    }

                    Skip(inner, innerType, depth + 1);
                }

            default:
                throw Malformed($"unexpected end of group {number}", position);
        }
    }
}
