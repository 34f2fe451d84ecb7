using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// The table of one Kubernetes message: field number → JSON name and value type, in the order of the Go struct (which is
/// the order of its JSON). Built fluently, so a new kind is a few lines of data.
/// </summary>
/// <remarks>
/// A descriptor may carry a projection that turns the decoded fields into another JSON value: <c>IntOrString</c> becomes a
/// number or a string, <c>Quantity</c> and <c>Time</c> become strings.
/// </remarks>
internal sealed class MessageDescriptor
{
    private readonly List<ProtoField> fields = [];
    private readonly Dictionary<int, int> indexByNumber = [];

    /// <summary>Creates an empty descriptor.</summary>
    /// <param name="name">The message's name, for error messages.</param>
    /// <param name="projection">Turns the decoded object into the JSON written for the message; null means omit it.</param>
    public MessageDescriptor(string name, Func<JsonObject, string, JsonNode?>? projection = null)
    {
        Name = name;
        Projection = projection;
    }

    /// <summary>The message's name.</summary>
    public string Name { get; }

    /// <summary>The fields in JSON order.</summary>
    public IReadOnlyList<ProtoField> Fields => fields;

    /// <summary>
    /// Turns the decoded object (every present field kept, zero or not) into the JSON written for the message; its second
    /// argument is the message's path for error messages. Null when the message is written as an object.
    /// </summary>
    public Func<JsonObject, string, JsonNode?>? Projection { get; }

    /// <summary>Finds the field with <paramref name="number"/>.</summary>
    /// <param name="number">The field number.</param>
    /// <param name="index">The field's position in <see cref="Fields"/>.</param>
    /// <returns>Whether the message has the field.</returns>
    public bool TryFind(int number, out int index) => indexByNumber.TryGetValue(number, out index);

    /// <summary>Adds a string field.</summary>
    public MessageDescriptor String(int number, string jsonName, bool keepZero = false) =>
        Add(new(number, jsonName, ProtoFieldKind.String) { KeepZero = keepZero });

    /// <summary>Adds a repeated string field.</summary>
    public MessageDescriptor Strings(int number, string jsonName) =>
        Add(new(number, jsonName, ProtoFieldKind.String) { Repeated = true });

    /// <summary>Adds an int32 field.</summary>
    public MessageDescriptor Int32(int number, string jsonName, bool keepZero = false) =>
        Add(new(number, jsonName, ProtoFieldKind.Int32) { KeepZero = keepZero });

    /// <summary>Adds an int64 field.</summary>
    public MessageDescriptor Int64(int number, string jsonName, bool keepZero = false) =>
        Add(new(number, jsonName, ProtoFieldKind.Int64) { KeepZero = keepZero });

    /// <summary>Adds a bool field.</summary>
    public MessageDescriptor Bool(int number, string jsonName, bool keepZero = false) =>
        Add(new(number, jsonName, ProtoFieldKind.Bool) { KeepZero = keepZero });

    /// <summary>Adds a bytes field (base64 in JSON).</summary>
    public MessageDescriptor Bytes(int number, string jsonName, bool keepZero = false) =>
        Add(new(number, jsonName, ProtoFieldKind.Bytes) { KeepZero = keepZero });

    /// <summary>Adds a message field; <paramref name="keepZero"/> matters only for projected messages that can be empty.</summary>
    public MessageDescriptor Message(int number, string jsonName, MessageDescriptor message, bool keepZero = false) =>
        Add(new(number, jsonName, ProtoFieldKind.Message) { Message = message, KeepZero = keepZero });

    /// <summary>Adds a repeated message field.</summary>
    public MessageDescriptor Messages(int number, string jsonName, MessageDescriptor message) =>
        Add(new(number, jsonName, ProtoFieldKind.Message) { Message = message, Repeated = true });

    /// <summary>Adds an embedded message whose properties are written into this message's object.</summary>
    public MessageDescriptor Inline(int number, MessageDescriptor message) =>
        Add(new(number, string.Empty, ProtoFieldKind.Message) { Message = message, Inline = true });

    /// <summary>Adds a <c>map&lt;string, string&gt;</c> field.</summary>
    public MessageDescriptor StringMap(int number, string jsonName) =>
        Add(new(number, jsonName, ProtoFieldKind.Map) { MapValue = new(2, "value", ProtoFieldKind.String) { KeepZero = true } });

    /// <summary>Adds a <c>map&lt;string, bytes&gt;</c> field (base64 values in JSON).</summary>
    public MessageDescriptor BytesMap(int number, string jsonName) =>
        Add(new(number, jsonName, ProtoFieldKind.Map) { MapValue = new(2, "value", ProtoFieldKind.Bytes) { KeepZero = true } });

    /// <summary>Adds a <c>map&lt;string, message&gt;</c> field.</summary>
    public MessageDescriptor MessageMap(int number, string jsonName, MessageDescriptor message) =>
        Add(new(number, jsonName, ProtoFieldKind.Map)
        {
            MapValue = new(2, "value", ProtoFieldKind.Message) { Message = message, KeepZero = true },
        });

    private MessageDescriptor Add(ProtoField field)
    {
        if (!indexByNumber.TryAdd(field.Number, fields.Count))
        {
            throw new InvalidOperationException($"{Name} already has field {field.Number}.");
        }

        fields.Add(field);
        return this;
    }
}
