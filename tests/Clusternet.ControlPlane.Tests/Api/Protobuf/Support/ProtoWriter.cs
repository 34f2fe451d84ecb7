using System.Text;

namespace Clusternet.ControlPlane.Tests.Api.Protobuf.Support;

/// <summary>
/// A tiny protobuf encoder for building request bodies field by field, in the order Go's generated code writes them
/// (ascending field numbers, map entries sorted by key, non-pointer fields always written even when empty).
/// </summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> bytes = [];

    public static byte[] Envelope(string apiVersion, string kind, Action<ProtoWriter> body)
    {
        var raw = new ProtoWriter();
        body(raw);
        return new ProtoWriter()
            .Raw("k8s\0"u8.ToArray())
            .Message(1, t => t.String(1, apiVersion).String(2, kind))
            .Bytes(2, raw.ToArray())
            .String(3, string.Empty)
            .String(4, string.Empty)
            .ToArray();
    }

    public ProtoWriter Tag(int number, int wireType) => VarintValue(((ulong)number << 3) | (uint)wireType);

    public ProtoWriter VarintValue(ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return this;
    }

    // Go writes int32 and int64 as the 64-bit two's complement, so a negative int32 takes ten bytes.
    public ProtoWriter Varint(int number, long value) => Tag(number, 0).VarintValue(unchecked((ulong)value));

    public ProtoWriter Bool(int number, bool value) => Varint(number, value ? 1 : 0);

    public ProtoWriter Bytes(int number, byte[] value) => Tag(number, 2).VarintValue((ulong)value.Length).Raw(value);

    public ProtoWriter String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int number, Action<ProtoWriter> build)
    {
        var inner = new ProtoWriter();
        build(inner);
        return Bytes(number, inner.ToArray());
    }

    public ProtoWriter StringEntry(int number, string key, string value) => Message(number, e => e.String(1, key).String(2, value));

    public ProtoWriter BytesEntry(int number, string key, byte[] value) => Message(number, e => e.String(1, key).Bytes(2, value));

    public ProtoWriter Fixed32(int number, uint value)
    {
        Tag(number, 5);
        return Raw(BitConverter.GetBytes(value));
    }

    public ProtoWriter Fixed64(int number, ulong value)
    {
        Tag(number, 1);
        return Raw(BitConverter.GetBytes(value));
    }

    public ProtoWriter Raw(byte[] value)
    {
        bytes.AddRange(value);
        return this;
    }

    public byte[] ToArray() => [.. bytes];
}
