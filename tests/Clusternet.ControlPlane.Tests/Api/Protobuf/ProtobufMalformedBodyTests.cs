using Clusternet.ControlPlane.Api.Protobuf;
using Clusternet.ControlPlane.Tests.Api.Protobuf.Support;

namespace Clusternet.ControlPlane.Tests.Api.Protobuf;

/// <summary>Malformed bodies fail with a message fit for a 400 Status; unknown kinds fail distinctly, for a 415.</summary>
public sealed class ProtobufMalformedBodyTests
{
    // The prefix (4 bytes), the typeMeta field {v1, ConfigMap} (2 + 15) and the raw field's tag and length (2).
    private const int ConfigMapRawOffset = 23;

    [Fact]
    public void Body_without_the_k8s_prefix_is_rejected()
    {
        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode("""{"kind":"ConfigMap"}"""u8));

        Assert.Equal("invalid protobuf body: it does not begin with the Kubernetes protobuf prefix 6b 38 73 00 (\"k8s\\0\")", exception.Message);
    }

    [Fact]
    public void Truncated_varint_is_rejected_with_its_offset()
    {
        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode([.. "k8s\0"u8, 0x0A, 0x80]));

        Assert.Equal("invalid protobuf body: truncated varint at byte 5 (in runtime.Unknown)", exception.Message);
    }

    [Fact]
    public void Varint_longer_than_ten_bytes_is_rejected()
    {
        var body = ProtoWriter.Envelope("apps/v1", "Deployment", d => d.Message(2, sp => sp.Tag(1, 0).Raw([.. Enumerable.Repeat((byte)0xFF, 10), 0x01])));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.StartsWith("invalid protobuf body: varint longer than 10 bytes at byte ", exception.Message);
        Assert.EndsWith("(in Deployment.spec)", exception.Message);
    }

    [Fact]
    public void Length_past_the_end_of_the_message_is_rejected()
    {
        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode([.. "k8s\0"u8, 0x12, 0x05, 0x01]));

        Assert.Equal("invalid protobuf body: length 5 runs past the end of the message, which has 1 left at byte 5 (in runtime.Unknown)", exception.Message);
    }

    [Fact]
    public void Nested_length_past_its_parent_message_is_rejected_with_the_field_path()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, m => m.Tag(11, 2).VarintValue(50).String(1, "k")));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal("invalid protobuf body: length 50 runs past the end of the message, which has 3 left at byte 26 (in ConfigMap.metadata)", exception.Message);
    }

    [Fact]
    public void Known_field_with_the_wrong_wire_type_is_rejected()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Varint(1, 1));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal($"invalid protobuf body: field 1 (metadata) of ConfigMap has wire type 0, expected 2 at byte {ConfigMapRawOffset} (in ConfigMap)", exception.Message);
    }

    [Fact]
    public void Map_value_with_the_wrong_wire_type_is_rejected_with_the_map_path()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Message(1, m => m.Message(11, e => e.String(1, "a").Varint(2, 1))));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.StartsWith("invalid protobuf body: field 2 (value) of a labels entry has wire type 0, expected 2 at byte ", exception.Message);
        Assert.EndsWith("(in ConfigMap.metadata.labels)", exception.Message);
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    public void Invalid_wire_type_is_rejected(int wireType)
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Tag(9, wireType));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal($"invalid protobuf body: invalid wire type {wireType} at byte {ConfigMapRawOffset} (in ConfigMap)", exception.Message);
    }

    [Fact]
    public void Field_number_zero_is_rejected()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Raw([0x00]));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal($"invalid protobuf body: invalid field number 0 at byte {ConfigMapRawOffset} (in ConfigMap)", exception.Message);
    }

    [Fact]
    public void Group_without_its_end_is_rejected()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Tag(40, 3).Varint(1, 1));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.StartsWith("invalid protobuf body: group 40 has no end at byte ", exception.Message);
    }

    [Fact]
    public void Stray_end_of_group_is_rejected()
    {
        var body = ProtoWriter.Envelope("v1", "ConfigMap", c => c.Tag(40, 4));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.StartsWith("invalid protobuf body: unexpected end of group 40 at byte ", exception.Message);
    }

    [Fact]
    public void Int_or_string_of_an_unknown_type_is_rejected()
    {
        var body = ProtoWriter.Envelope("v1", "Service", s => s.Message(2, sp => sp.Message(1, p => p.Message(4, t => t.Varint(1, 2)))));

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal("invalid protobuf body: IntOrString type 2 is neither 0 (int) nor 1 (string) (in Service.spec.ports[0].targetPort)", exception.Message);
    }

    [Fact]
    public void Envelope_without_kind_is_rejected()
    {
        var body = new ProtoWriter().Raw("k8s\0"u8.ToArray()).Message(1, t => t.String(1, "v1")).Bytes(2, []).ToArray();

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal("invalid protobuf body: the envelope has no kind", exception.Message);
    }

    [Fact]
    public void Envelope_with_a_content_encoding_is_rejected()
    {
        var body = new ProtoWriter().Raw("k8s\0"u8.ToArray())
            .Message(1, t => t.String(1, "v1").String(2, "ConfigMap")).Bytes(2, []).String(3, "gzip").ToArray();

        var exception = Assert.Throws<ProtobufDecodeException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal("invalid protobuf body: content encoding \"gzip\" is not supported", exception.Message);
    }

    [Fact]
    public void Kind_without_a_decoder_is_unsupported_rather_than_malformed()
    {
        var body = ProtoWriter.Envelope("apps/v1", "StatefulSet", s => s.Message(1, GoMessages.ObjectMeta("db")));

        var exception = Assert.Throws<UnsupportedProtobufKindException>(() => ProtobufObjectDecoder.Decode(body));

        Assert.Equal(("apps/v1", "StatefulSet"), (exception.ApiVersion, exception.Kind));
    }
}
