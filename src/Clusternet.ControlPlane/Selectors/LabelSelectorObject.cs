using System.Text.Json;
using System.Text.Json.Nodes;

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

        var requirements = new List<LabelRequirement>();
        if (selector["matchLabels"] is JsonObject matchLabels)
        {
            // Go ranges over a map here; walking the keys in order keeps the first reported error deterministic.
            foreach (var (key, node) in matchLabels.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                requirements.Add(Create(key, LabelSelectorOperator.Equals, [Text(node)]));
            }
        }

        if (selector["matchExpressions"] is JsonArray matchExpressions)
        {
            foreach (var expression in matchExpressions.OfType<JsonObject>())
            {
                var key = Text(expression["key"]);
                var operatorName = Text(expression["operator"]);
                var @operator = operatorName switch
                {
                    "In" => LabelSelectorOperator.In,
                    "NotIn" => LabelSelectorOperator.NotIn,
                    "Exists" => LabelSelectorOperator.Exists,
                    "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                    _ => throw new SelectorParseException(Validation.GoValueFormat.Quote(operatorName) + " is not a valid label selector operator"),
                };
                var values = expression["values"] is JsonArray array ? array.Select(Text).ToList() : [];
                requirements.Add(Create(key, @operator, values));
            }
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
