using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// Go's <c>%v</c> of a decoded JSON value (<c>map[string]interface{}</c> and friends), which apimachinery's
/// strategic-patch errors embed: <c>map[image:nginx name:web]</c> with sorted keys, <c>[a b]</c>, <c>&lt;nil&gt;</c>.
/// </summary>
internal static class GoFormat
{
    public static string Value(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (JsonData.KindOf(node))
        {
            case JsonDataKind.Null:
                builder.Append("<nil>");
                break;
            case JsonDataKind.Object:
                builder.Append("map[");
                var first = true;
                foreach (var (key, value) in ((JsonObject)node!).OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? string.Empty : " ").Append(key).Append(':');
                    Write(builder, value);
                    first = false;
                }

                builder.Append(']');
                break;
            case JsonDataKind.Array:
                builder.Append('[');
                var items = (JsonArray)node!;
                for (var i = 0; i < items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : " ");
                    Write(builder, items[i]);
                }

                builder.Append(']');
                break;
            case JsonDataKind.String:
                builder.Append(node!.GetValue<string>());
                break;
            case JsonDataKind.Boolean:
                builder.Append(node!.GetValue<bool>() ? "true" : "false");
                break;
            default:
                // Go's unstructured JSON decodes every number as float64 here, printed with %v.
                builder.Append(GoValueFormat.Float(JsonData.ReadNumber(node!).AsDouble));
                break;
        }
    }
}
