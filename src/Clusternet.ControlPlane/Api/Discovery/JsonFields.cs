using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>Tolerant reads from stored objects: a missing or mistyped field reads as absent, never throws.</summary>
internal static class JsonFields
{
    public static JsonNode? At(JsonNode? node, params string[] path)
    {
        foreach (var segment in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var next) ? next : null;
        }

        return node;
    }

    public static string? String(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static long? Integer(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var l) ? l
        : At(node, path) is JsonValue d && d.GetValueKind() == JsonValueKind.Number ? (long)d.GetValue<double>() : null;

    public static bool Bool(JsonNode? node, params string[] path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static JsonArray Array(JsonNode? node, params string[] path) => At(node, path) as JsonArray ?? [];

    public static JsonObject? Object(JsonNode? node, params string[] path) => At(node, path) as JsonObject;

    public static int Count(JsonNode? node, params string[] path) => At(node, path) switch
    {
        JsonObject o => o.Count,
        JsonArray a => a.Count,
        _ => 0,
    };

    public static DateTimeOffset? Time(JsonNode? node, params string[] path) =>
        String(node, path) is { Length: > 0 } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    /// <summary><c>k1=v1,k2=v2</c> in key order, as apimachinery formats label maps; <c>&lt;none&gt;</c> when empty.</summary>
    public static string Labels(JsonObject? map)
    {
        if (map is null || map.Count == 0)
        {
            return "<none>";
        }

        return string.Join(',', map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + (p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString())));
    }

    /// <summary>A label selector (<c>matchLabels</c>, <c>matchExpressions</c>) as its text form.</summary>
    public static string Selector(JsonObject? selector)
    {
        if (selector is null)
        {
            return "<none>";
        }

        var parts = new List<string>();
        if (Object(selector, "matchLabels") is { } labels)
        {
            parts.AddRange(labels.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value?.GetValue<string>()));
        }

        foreach (var expression in Array(selector, "matchExpressions").OfType<JsonObject>())
        {
            var key = String(expression, "key");
            var values = string.Join(',', Array(expression, "values").Select(v => v?.GetValue<string>()).Order(StringComparer.Ordinal));
            parts.Add(String(expression, "operator") switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key!,
                "DoesNotExist" => "!" + key,
                var op => $"{key} {op} ({values})",
            });
        }

        return parts.Count == 0 ? "<none>" : string.Join(',', parts);
    }
}
