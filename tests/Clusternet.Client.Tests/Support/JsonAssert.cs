using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.Client.Tests.Support;

/// <summary>
/// Compares JSON by meaning: object members in any order, arrays in order, numbers by value.
/// A failure names the JSON path of the first difference, which a string comparison would not.
/// </summary>
internal static class JsonAssert
{
    public static void Equal(string expected, string actual)
    {
        var difference = FindDifference(JsonNode.Parse(expected), JsonNode.Parse(actual), "$");
        if (difference is not null)
        {
            Assert.Fail($"JSON differs at {difference}\nexpected: {expected}\nactual:   {actual}");
        }
    }

    /// <summary>The path and description of the first difference, or null when the two are equal.</summary>
    public static string? FindDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }

        switch (expected)
        {
            case JsonObject expectedObject when actual is JsonObject actualObject:
                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var other))
                    {
                        return $"{path}.{name}: missing";
                    }

                    if (FindDifference(value, other, $"{path}.{name}") is { } inner)
                    {
                        return inner;
                    }
                }

                var extra = actualObject.Select(p => p.Key).FirstOrDefault(k => !expectedObject.ContainsKey(k));
                return extra is null ? null : $"{path}.{extra}: unexpected member {Show(actualObject[extra])}";

            case JsonArray expectedArray when actual is JsonArray actualArray:
                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}";
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    if (FindDifference(expectedArray[i], actualArray[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;

            case JsonValue expectedValue when actual is JsonValue actualValue:
                return ValuesEqual(expectedValue, actualValue) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";

            default:
                return $"{path}: expected {Show(expected)}, got {Show(actual)}";
        }
    }

    private static bool ValuesEqual(JsonValue expected, JsonValue actual)
    {
        var expectedKind = expected.GetValueKind();
        if (expectedKind != actual.GetValueKind())
        {
            return false;
        }

        return expectedKind switch
        {
            JsonValueKind.Number => decimal.Parse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
                == decimal.Parse(actual.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
            _ => true, // true, false: the kinds already matched
        };
    }

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
