using System.Text;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// Encodes the head of a gnostic <c>openapi.v2.Document</c>: field 1 <c>swagger</c> and field 2 <c>info</c>
/// (<c>Info</c> field 1 <c>title</c>, field 2 <c>version</c>). kubectl 1.27 asks <c>/openapi/v2</c> for protobuf
/// only and fails on JSON or 404; this document is what it was observed to accept.
/// </summary>
internal static class SwaggerProtobufDocument
{
    /// <summary>The protobuf bytes.</summary>
    public static byte[] Encode(string title, string version)
    {
        var info = new List<byte>();
        WriteString(info, 1, title);
        WriteString(info, 2, version);

        var document = new List<byte>();
        WriteString(document, 1, "2.0");
        WriteBytes(document, 2, [.. info]);
        return [.. document];
    }

    private static void WriteString(List<byte> into, int field, string value) => WriteBytes(into, field, Encoding.UTF8.GetBytes(value));

    // Length-delimited field: tag (field << 3 | wire type 2), varint length, bytes.
    private static void WriteBytes(List<byte> into, int field, byte[] value)
    {
        WriteVarint(into, (uint)((field << 3) | 2));
        WriteVarint(into, (uint)value.Length);
        into.AddRange(value);
    }

    private static void WriteVarint(List<byte> into, uint value)
    {
        while (value >= 0x80)
        {
            into.Add((byte)(value | 0x80));
            value >>= 7;
        }

        into.Add((byte)value);
    }
}
