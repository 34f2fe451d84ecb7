using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Decodes one protobuf message into JSON by its <see cref="MessageDescriptor"/>: known fields are read by their table entry,
/// unknown fields are skipped, and the object is written in the descriptor's (the Go struct's) order once the whole message
/// is read.
/// </summary>
/// <remarks>
/// Values are collected before any JSON is written because protobuf lets fields arrive in any order and lets a field
/// repeat: a repeated scalar's last value wins, a repeated message field merges into the first (as Go's generated
/// unmarshalling does), list elements and map entries accumulate, and a repeated map key keeps its last value.
/// </remarks>
internal static class MessageDecoder
{
    /// <summary>Decodes the message in <paramref name="body"/>[<paramref name="start"/>..<paramref name="end"/>).</summary>
    /// <param name="body">The whole request body.</param>
    /// <param name="start">The message's first byte.</param>
    /// <param name="end">One past the message's last byte.</param>
    /// <param name="descriptor">The message's table.</param>
    /// <param name="path">The message's path for error messages, e.g. <c>ConfigMap</c>.</param>
    /// <returns>The JSON object.</returns>
    /// <exception cref="ProtobufDecodeException">The bytes are not a valid encoding of the message.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body, int start, int end, MessageDescriptor descriptor, string path)
    {
        var state = new MessageState(descriptor);
        Read(body, start, end, state, path);
        return Write(state, path, keepAllZeros: false);
    }

    private static void Read(ReadOnlySpan<byte> body, int start, int end, MessageState state, string path)
    {
        var reader = new WireReader(body, start, end, path);
        var descriptor = state.Descriptor;
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag(out var tagOffset);
            if (!descriptor.TryFind(number, out var index))
            {
                reader.Skip(number, wireType);
                continue;
            }

            var field = descriptor.Fields[index];
            if (wireType != field.WireType)
            {
                throw reader.Malformed(
                    $"field {number} ({FieldName(field)}) of {descriptor.Name} has wire type {(int)wireType}, expected {(int)field.WireType}",
                    tagOffset);
            }

            if (field.Kind == ProtoFieldKind.Map)
            {
                var entries = (SortedDictionary<string, object>)(state.Slots[index] ??= new SortedDictionary<string, object>(StringComparer.Ordinal));
                var (entryStart, entryEnd) = reader.ReadLengthDelimited();
                var (key, value) = ReadMapEntry(body, entryStart, entryEnd, field, path + "." + field.JsonName);
                entries[key] = value;
            }
            else if (field.Repeated)
            {
                var items = (List<object>)(state.Slots[index] ??= new List<object>());
                items.Add(ReadValue(ref reader, body, field, null, $"{path}.{field.JsonName}[{items.Count}]"));
            }
            else
            {
                state.Slots[index] = ReadValue(ref reader, body, field, state.Slots[index], ChildPath(path, field));
            }
        }
    }

    private static object ReadValue(ref WireReader reader, ReadOnlySpan<byte> body, ProtoField field, object? existing, string path)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.String:
            {
                var (start, end) = reader.ReadLengthDelimited();

                // Go keeps invalid UTF-8 as is and its JSON encoder writes U+FFFD for it; decoding with replacement matches.
                return Encoding.UTF8.GetString(body[start..end]);
            }

            case ProtoFieldKind.Bytes:
            {
                var (start, end) = reader.ReadLengthDelimited();
                return body[start..end].ToArray();
            }

            case ProtoFieldKind.Int32:
                return unchecked((int)reader.ReadVarint());
            case ProtoFieldKind.Int64:
                return unchecked((long)reader.ReadVarint());
            case ProtoFieldKind.Bool:
                return reader.ReadVarint() != 0;
            case ProtoFieldKind.Message:
            {
                var (start, end) = reader.ReadLengthDelimited();
                var state = existing as MessageState ?? new MessageState(field.Message!);
                Read(body, start, end, state, path);
                return state;
            }

            default:
                throw new InvalidOperationException($"A {field.Kind} field cannot be read as a single value.");
        }
    }

    private static (string Key, object Value) ReadMapEntry(ReadOnlySpan<byte> body, int start, int end, ProtoField field, string path)
    {
        var valueField = field.MapValue!;
        var reader = new WireReader(body, start, end, path);
        var key = string.Empty;
        object? value = null;
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag(out var tagOffset);
            if (number is not (1 or 2))
            {
                reader.Skip(number, wireType);
                continue;
            }

            var expected = number == 1 ? WireType.LengthDelimited : valueField.WireType;
            if (wireType != expected)
            {
                throw reader.Malformed(
                    $"field {number} ({(number == 1 ? "key" : "value")}) of a {field.JsonName} entry has wire type {(int)wireType}, expected {(int)expected}",
                    tagOffset);
            }

            if (number == 1)
            {
                var (keyStart, keyEnd) = reader.ReadLengthDelimited();
                key = Encoding.UTF8.GetString(body[keyStart..keyEnd]);
            }
            else
            {
                value = ReadValue(ref reader, body, valueField, value, path);
            }
        }

        // A missing value is the value type's zero, as in any protobuf map.
        value ??= valueField.Kind switch
        {
            ProtoFieldKind.String => string.Empty,
            ProtoFieldKind.Bytes => Array.Empty<byte>(),
            _ => new MessageState(valueField.Message!),
        };
        return (key, value);
    }

    private static JsonObject Write(MessageState state, string path, bool keepAllZeros)
    {
        var json = new JsonObject();
        var fields = state.Descriptor.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var slot = state.Slots[i];
            if (slot is null)
            {
                continue;
            }

            switch (slot)
            {
                case SortedDictionary<string, object> entries:
                {
                    var map = new JsonObject();
                    foreach (var (key, value) in entries)
                    {
                        map[key] = ToJson(value, field.MapValue!, $"{path}.{field.JsonName}[{key}]", out _);
                    }

                    json[field.JsonName] = map;
                    break;
                }

                case List<object> items:
                {
                    var array = new JsonArray();
                    for (var j = 0; j < items.Count; j++)
                    {
                        array.Add(ToJson(items[j], field, $"{path}.{field.JsonName}[{j}]", out _));
                    }

                    json[field.JsonName] = array;
                    break;
                }

                default:
                {
                    var value = ToJson(slot, field, ChildPath(path, field), out var isZero);
                    if (isZero && !field.KeepZero && !keepAllZeros)
                    {
                        break;
                    }

                    if (field.Inline && value is JsonObject inline)
                    {
                        foreach (var property in inline.ToList())
                        {
                            inline.Remove(property.Key);
                            json[property.Key] = property.Value;
                        }
                    }
                    else
                    {
                        json[field.JsonName] = value;
                    }

                    break;
                }
            }
        }

        return json;
    }

    private static JsonNode? ToJson(object value, ProtoField field, string path, out bool isZero)
    {
        switch (value)
        {
            case string text:
                isZero = text.Length == 0;
                return JsonValue.Create(text);
            case int number:
                isZero = number == 0;
                return JsonValue.Create(number);
            case long number:
                isZero = number == 0;
                return JsonValue.Create(number);
            case bool flag:
                isZero = !flag;
                return JsonValue.Create(flag);
            case byte[] bytes:
                isZero = bytes.Length == 0;
                return JsonValue.Create(Convert.ToBase64String(bytes));
            case MessageState message:
            {
                var projection = message.Descriptor.Projection;
                if (projection is null)
                {
                    // Go writes a non-pointer struct even when it is empty (omitempty does not drop structs): "status": {}.
                    isZero = false;
                    return Write(message, path, keepAllZeros: false);
                }

                var projected = projection(Write(message, path, keepAllZeros: true), path);
                isZero = projected is null;
                return projected;
            }

            default:
                throw new InvalidOperationException($"Unexpected decoded value {value.GetType()} for {field.JsonName}.");
        }
    }

    private static string ChildPath(string path, ProtoField field) => field.Inline ? path : path + "." + field.JsonName;

    private static string FieldName(ProtoField field) => field.Inline ? field.Message!.Name : field.JsonName;

    /// <summary>The values read so far for one message, indexed like its descriptor's fields.</summary>
    private sealed class MessageState(MessageDescriptor descriptor)
    {
        public MessageDescriptor Descriptor { get; } = descriptor;

        public object?[] Slots { get; } = new object?[descriptor.Fields.Count];
    }
}
