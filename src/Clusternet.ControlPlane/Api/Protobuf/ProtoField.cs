namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>The value types a field of a Kubernetes message can have, and how each becomes JSON.</summary>
internal enum ProtoFieldKind
{
    /// <summary>A length-delimited UTF-8 string; a JSON string.</summary>
    String,

    /// <summary>A varint truncated to 32 bits (negative values arrive sign-extended to ten bytes); a JSON number.</summary>
    Int32,

    /// <summary>A varint; a JSON number.</summary>
    Int64,

    /// <summary>A varint, non-zero is true; a JSON boolean.</summary>
    Bool,

    /// <summary>Length-delimited bytes; a base64 JSON string, as Go's encoding/json writes <c>[]byte</c>.</summary>
    Bytes,

    /// <summary>A length-delimited message described by <see cref="ProtoField.Message"/>.</summary>
    Message,

    /// <summary>
    /// A <c>map&lt;string, V&gt;</c>: repeated entry messages {1 key, 2 value}, the value described by
    /// <see cref="ProtoField.MapValue"/>; a JSON object with the keys sorted, as Go writes maps.
    /// </summary>
    Map,
}

/// <summary>One field of a message descriptor: its number, its JSON name and how its value is read and written.</summary>
/// <remarks>
/// Kubernetes' protos are proto2, but the Go types they are generated from decide what presence means. A non-pointer Go
/// field is always written by the encoder, so its presence says nothing; its JSON tag is <c>omitempty</c> almost everywhere,
/// so a zero value is dropped (<see cref="KeepZero"/> false). A pointer field (<c>replicas</c>, <c>immutable</c>) is
/// written only when set, and a field without <c>omitempty</c> (<c>containerPort</c>) is always in the JSON, so for those
/// a present zero is kept. That makes the decoded object the JSON the same client would have sent as JSON.
/// </remarks>
internal sealed class ProtoField
{
    /// <summary>Creates a field.</summary>
    /// <param name="number">The field number.</param>
    /// <param name="jsonName">The JSON property name; empty for an inline (embedded) message.</param>
    /// <param name="kind">The value type.</param>
    public ProtoField(int number, string jsonName, ProtoFieldKind kind)
    {
        Number = number;
        JsonName = jsonName;
        Kind = kind;
    }

    /// <summary>The field number.</summary>
    public int Number { get; }

    /// <summary>The JSON property name.</summary>
    public string JsonName { get; }

    /// <summary>The value type.</summary>
    public ProtoFieldKind Kind { get; }

    /// <summary>The message of a <see cref="ProtoFieldKind.Message"/> field.</summary>
    public MessageDescriptor? Message { get; init; }

    /// <summary>The value (field 2 of each entry) of a <see cref="ProtoFieldKind.Map"/> field.</summary>
    public ProtoField? MapValue { get; init; }

    /// <summary>Whether the field repeats; its JSON is an array.</summary>
    public bool Repeated { get; init; }

    /// <summary>Whether a present zero value (<c>""</c>, 0, false, an empty time) is written rather than dropped.</summary>
    public bool KeepZero { get; init; }

    /// <summary>Whether the message's properties are written into the parent object (a Go embedded struct).</summary>
    public bool Inline { get; init; }

    /// <summary>The wire type the field's values must arrive with.</summary>
    public WireType WireType => Kind is ProtoFieldKind.Int32 or ProtoFieldKind.Int64 or ProtoFieldKind.Bool
        ? WireType.Varint
        : WireType.LengthDelimited;
}
