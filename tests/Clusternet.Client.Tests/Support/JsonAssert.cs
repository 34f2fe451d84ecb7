using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Clusternet.Client.Tests.Support;

/// <summary>
/// Compares two JSON documents by meaning rather than by text, for wire round-trip tests.
/// <list type="bullet">
/// <item>Object members may come in any order.</item>
/// <item>Arrays are ordered: Kubernetes lists (overrides, feeds, containers) carry meaning in their order.</item>
/// <item>Numbers compare by value (<c>1</c>, <c>1.0</c> and <c>1e0</c> are equal); strings, booleans and kinds must match exactly,
/// so <c>"3"</c> is not <c>3</c>.</item>
/// <item>A member whose expected value is <c>null</c> matches a missing member: Kubernetes drops nulls on write,
/// and so do KubernetesClient's serializers.</item>
/// <item>With <c>tolerateAddedEmpty</c>, a member that only the actual document has is accepted when its value is
/// empty — <c>null</c>, <c>false</c>, <c>0</c>, <c>""</c>, <c>{}</c> or <c>[]</c> — because a model may write the zero
/// value of a field the original left out. A member the original had must still match exactly, and an added
/// non-empty member is always a difference.</item>
/// </list>
/// </summary>
internal static class JsonAssert
{
    /// <summary>Strict semantic equality of two JSON texts: nothing added, nothing lost (member order ignored).</summary>
    public static void Equal(string expected, string actual)
        => SemanticallyEqual(JsonNode.Parse(expected), JsonNode.Parse(actual), tolerateAddedEmpty: false);

    /// <summary>Fails with the first differing JSON path unless <paramref name="actual"/> means the same as <paramref name="expected"/>.</summary>
    public static void SemanticallyEqual(JsonNode? expected, JsonNode? actual, bool tolerateAddedEmpty)
    {
        var difference = FirstDifference(expected, actual, "$", tolerateAddedEmpty);
        if (difference is not null)
        {
            throw new XunitException(
                $"JSON differs at {difference}{Environment.NewLine}" +
                $"expected: {expected?.ToJsonString() ?? "null"}{Environment.NewLine}" +
                $"actual:   {actual?.ToJsonString() ?? "null"}");
        }
    }

    /// <summary>The path and reason of the first difference, or null when the documents are equal.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path, bool tolerateAddedEmpty)
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }

        switch (expected)
        {
            case JsonObject expectedObject when actual is JsonObject actualObject:
                foreach (var (name, expectedValue) in expectedObject)
                {
                    var memberPath = MemberPath(path, name);
                    if (!actualObject.TryGetPropertyValue(name, out var actualValue))
                    {
                        if (expectedValue is null)
                        {
                            continue;
                        }

                        return $"{memberPath}: missing (expected {Describe(expectedValue)})";
                    }

                    var difference = FirstDifference(expectedValue, actualValue, memberPath, tolerateAddedEmpty);
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                foreach (var (name, actualValue) in actualObject)
                {
                    if (!expectedObject.ContainsKey(name) && !(tolerateAddedEmpty && IsEmpty(actualValue)))
                    {
                        return $"{MemberPath(path, name)}: added {Describe(actualValue)}";
                    }
                }

                return null;

            case JsonArray expectedArray when actual is JsonArray actualArray:
                for (var i = 0; i < Math.Min(expectedArray.Count, actualArray.Count); i++)
                {
                    var difference = FirstDifference(expectedArray[i], actualArray[i], $"{path}[{i}]", tolerateAddedEmpty);
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return expectedArray.Count == actualArray.Count
                    ? null
                    : $"{path}: expected {expectedArray.Count} items, got {actualArray.Count}";

            case JsonValue expectedValue when actual is JsonValue actualValue:
                return ValuesEqual(expectedValue, actualValue) ? null : $"{path}: expected {Describe(expected)}, got {Describe(actual)}";

            default:
                return $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }
    }

    private static bool ValuesEqual(JsonValue expected, JsonValue actual)
    {
        var kind = expected.GetValueKind();
        if (kind != actual.GetValueKind())
        {
            return false;
        }

        return kind switch
        {
            JsonValueKind.String => expected.GetValue<string>() == actual.GetValue<string>(),
            JsonValueKind.Number => NumbersEqual(expected.ToJsonString(), actual.ToJsonString()),
            _ => true, // true, false and null carry no further content
        };
    }

    private static bool NumbersEqual(string expected, string actual)
    {
        const NumberStyles style = NumberStyles.Float;
        if (decimal.TryParse(expected, style, CultureInfo.InvariantCulture, out var e) &&
            decimal.TryParse(actual, style, CultureInfo.InvariantCulture, out var a))
        {
            return e == a;
        }

        return double.Parse(expected, style, CultureInfo.InvariantCulture) == double.Parse(actual, style, CultureInfo.InvariantCulture);
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => true,
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            JsonValueKind.Number => NumbersEqual(v.ToJsonString(), "0"),
            _ => false,
        },
        _ => false,
    };

    private static string MemberPath(string parent, string name) =>
        name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"{parent}.{name}" : $"{parent}['{name}']";

    private static string Describe(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        var text = node.ToJsonString();
        return text.Length <= 120 ? text : text[..117] + "...";
    }
}
