using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// Reads a <c>metav1.LabelSelector</c> object into a <see cref="LabelSelector"/>, with the errors kube-apiserver
/// reports for it (no "unable to parse requirement" prefix: nothing is parsed here).
/// </summary>
internal static class LabelSelectorObject
{
    public static LabelSelector Convert(JsonObject? selector)
    {
        if (selector is null)
        {
            return LabelSelector.Nothing;
        }

        var matchLabels = (selector["matchLabels"] as JsonObject)?.Select(p => (p.Key, Text(p.Value)));
        var matchExpressions = (selector["matchExpressions"] as JsonArray)?.OfType<JsonObject>().Select(e =>
            (Text(e["key"]), Text(e["operator"]), e["values"] is JsonArray values ? values.Select(Text).ToList() : []));
        return Convert(matchLabels, matchExpressions);
    }

    public static LabelSelector Convert(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return LabelSelector.Nothing;
        }

        return Convert(
            selector.MatchLabels?.Select(p => (p.Key, p.Value ?? string.Empty)),
            selector.MatchExpressions?.Select(e => (e.Key ?? string.Empty, e.OperatorProperty ?? string.Empty, e.Values?.ToList() ?? [])));
    }

    private static LabelSelector Convert(
        IEnumerable<(string Key, string Value)>? matchLabels,
        IEnumerable<(string Key, string Operator, List<string> Values)>? matchExpressions)
    {
        var requirements = new List<LabelRequirement>();

        // Go ranges over a map here; walking the keys in order keeps the first reported error deterministic.
        foreach (var (key, value) in (matchLabels ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            requirements.Add(Create(key, LabelSelectorOperator.Equals, [value]));
        }

        foreach (var (key, operatorName, values) in matchExpressions ?? [])
        {
            var @operator = operatorName switch
            {
                "In" => LabelSelectorOperator.In,
                "NotIn" => LabelSelectorOperator.NotIn,
                "Exists" => LabelSelectorOperator.Exists,
                "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                _ => throw new SelectorParseException(Validation.GoValueFormat.Quote(operatorName) + " is not a valid label selector operator"),
            };
            requirements.Add(Create(key, @operator, values));
        }

        return LabelSelector.FromRequirements(requirements);
    }

    private static LabelRequirement Create(string key, LabelSelectorOperator @operator, List<string> values)
    {
        var errors = new List<string>();
        var requirement = LabelRequirement.Create(key, @operator, values, errors);
        if (errors.Count != 0)
        {
            throw new SelectorParseException(LabelRequirement.Aggregate(errors));
        }

        return requirement;
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };
}
