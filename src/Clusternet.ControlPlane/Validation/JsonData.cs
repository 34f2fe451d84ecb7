using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Validation;

/// <summary>The JSON type of a value as Go's decoder sees it; numbers split the way kube-apiserver decodes them.</summary>
internal enum JsonDataKind
{
    Null,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

/// <summary>A decoded JSON number: an <c>int64</c> when its text parses as one, else a <c>float64</c> (Go's unstructured decoding).</summary>
internal readonly record struct JsonNumber(bool IsInteger, long Integer, double Float)
{
    public double AsDouble => IsInteger ? Integer : Float;
}

/// <summary>Reads <see cref="JsonNode"/> values with the type rules of kube-apiserver's JSON decoding.</summary>
internal static class JsonData
{
    public static JsonDataKind KindOf(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return JsonDataKind.Null;
            case JsonObject:
                return JsonDataKind.Object;
            case JsonArray:
                return JsonDataKind.Array;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.String:
                return JsonDataKind.String;
            case JsonValueKind.True:
            case JsonValueKind.False:
                return JsonDataKind.Boolean;
            case JsonValueKind.Number:
                return ReadNumber(node).IsInteger ? JsonDataKind.Integer : JsonDataKind.Number;
            case JsonValueKind.Null:
                return JsonDataKind.Null;
            default:
                return JsonDataKind.Null;
        }
    }

    /// <summary>
    /// Go decodes a number to <c>int64</c> when <c>strconv.ParseInt</c> accepts its text (no fraction, no exponent,
    /// in range), otherwise to <c>float64</c>. Nodes built in code are judged by the text they would serialize to.
    /// </summary>
    public static JsonNumber ReadNumber(JsonNode node)
    {
        var value = (JsonValue)node;
        if (value.TryGetValue<JsonElement>(out var element))
        {
            return element.TryGetInt64(out var i) ? new JsonNumber(true, i, i) : new JsonNumber(false, 0, element.GetDouble());
        }

        if (value.TryGetValue<long>(out var l))
        {
            return new JsonNumber(true, l, l);
        }

        if (value.TryGetValue<int>(out var n))
        {
            return new JsonNumber(true, n, n);
        }

        var text = value.ToJsonString();
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
            ? new JsonNumber(true, parsed, parsed)
            : new JsonNumber(false, 0, double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    public static string TypeName(JsonDataKind kind) => kind switch
    {
        JsonDataKind.Null => "null",
        JsonDataKind.Object => "object",
        JsonDataKind.Array => "array",
        JsonDataKind.String => "string",
        JsonDataKind.Integer => "integer",
        JsonDataKind.Number => "number",
        _ => "boolean",
    };

    /// <summary>JSON equality: objects by key set and values, arrays in order, numbers by value.</summary>
    public static bool DeepEquals(JsonNode? a, JsonNode? b)
    {
        var kindA = KindOf(a);
        var kindB = KindOf(b);
        var numericA = kindA is JsonDataKind.Integer or JsonDataKind.Number;
        var numericB = kindB is JsonDataKind.Integer or JsonDataKind.Number;
        if (numericA && numericB)
        {
            var x = ReadNumber(a!);
            var y = ReadNumber(b!);
            return x.IsInteger && y.IsInteger ? x.Integer == y.Integer : x.AsDouble == y.AsDouble;
        }

        if (kindA != kindB)
        {
            return false;
        }

        switch (kindA)
        {
            case JsonDataKind.Null:
                return true;
            case JsonDataKind.String:
                return string.Equals(a!.GetValue<string>(), b!.GetValue<string>(), StringComparison.Ordinal);
            case JsonDataKind.Boolean:
                return a!.GetValue<bool>() == b!.GetValue<bool>();
            case JsonDataKind.Array:
                var arrayA = (JsonArray)a!;
                var arrayB = (JsonArray)b!;
                if (arrayA.Count != arrayB.Count)
                {
                    return false;
                }

                for (var i = 0; i < arrayA.Count; i++)
                {
                    if (!DeepEquals(arrayA[i], arrayB[i]))
                    {
                        return false;
                    }
                }

                return true;
            default:
                var objectA = (JsonObject)a!;
                var objectB = (JsonObject)b!;
                if (objectA.Count != objectB.Count)
                {
                    return false;
                }

                foreach (var (key, value) in objectA)
                {
                    if (!objectB.TryGetPropertyValue(key, out var other) || !DeepEquals(value, other))
                    {
                        return false;
                    }
                }

                return true;
        }
    }

    /// <summary>
    /// The JSON text Go's <c>json.Marshal</c> gives for the decoded value: object keys sorted, integral floats without a
    /// fraction. Used to show compound values in messages and to compare list items.
    /// </summary>
    public static string CanonicalJson(JsonNode? node)
    {
        var builder = new StringBuilder();
        WriteCanonical(builder, node);
        return builder.ToString();
    }

    private static void WriteCanonical(StringBuilder builder, JsonNode? node)
    {
        switch (KindOf(node))
        {
            case JsonDataKind.Null:
                builder.Append("null");
                break;
            case JsonDataKind.Boolean:
                builder.Append(node!.GetValue<bool>() ? "true" : "false");
                break;
            case JsonDataKind.Integer:
                builder.Append(ReadNumber(node!).Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case JsonDataKind.Number:
                builder.Append(GoValueFormat.JsonFloat(ReadNumber(node!).Float));
                break;
            case JsonDataKind.String:
                builder.Append(JsonSerializer.Serialize(node!.GetValue<string>()));
                break;
            case JsonDataKind.Array:
                builder.Append('[');
                var first = true;
                foreach (var item in (JsonArray)node!)
                {
                    if (!first)
                    {
                        builder.Append(',');
                    }

                    first = false;
                    WriteCanonical(builder, item);
                }

                builder.Append(']');
                break;
            default:
                var entries = ((JsonObject)node!).ToList();
                entries.Sort(static (x, y) => string.CompareOrdinal(x.Key, y.Key));
                builder.Append('{');
                for (var i = 0; i < entries.Count; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    builder.Append(JsonSerializer.Serialize(entries[i].Key)).Append(':');
                    WriteCanonical(builder, entries[i].Value);
                }

                builder.Append('}');
                break;
        }
    }
}
