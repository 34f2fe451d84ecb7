using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// The JSONPath subset CRD printer columns use: field steps (<c>.a.b</c>), quoted keys (<c>['a.b']</c>), array
/// indexes (<c>[0]</c>, <c>[-1]</c>) and equality filters (<c>[?(@.type=='Ready')]</c>). kube-apiserver takes the
/// first result of a column's path, so evaluation stops at the first match.
/// </summary>
public sealed class SimpleJsonPath
{
    private readonly IReadOnlyList<Step> steps;

    private SimpleJsonPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        this.steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a path such as <c>.status.conditions[?(@.type=='Ready')].status</c>, optionally wrapped in braces.</summary>
    /// <param name="path">The path.</param>
    /// <exception cref="FormatException">The path is outside the supported subset.</exception>
    public static SimpleJsonPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}'))
        {
            text = text[1..^1].Trim();
        }

        if (text.StartsWith('$'))
        {
            text = text[1..];
        }

        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    throw new FormatException($"empty field name at {i} in JSONPath '{path}'");
                }

                steps.Add(new Step(StepKind.Field, text[(i + 1)..end]));
                i = end;
            }
            else if (text[i] == '[')
            {
                var close = FindClose(text, i, path);
                steps.Add(Bracket(text[(i + 1)..close].Trim(), path));
                i = close + 1;
            }
            else
            {
                throw new FormatException($"unexpected '{text[i]}' at {i} in JSONPath '{path}'");
            }
        }

        return new SimpleJsonPath(path, steps);
    }

    /// <summary>The first value the path selects, or null when it selects nothing.</summary>
    /// <param name="root">The object the path starts at.</param>
    public JsonNode? Evaluate(JsonNode? root)
    {
        var node = root;
        foreach (var step in steps)
        {
            node = step.Kind switch
            {
                StepKind.Field => node is JsonObject obj && obj.TryGetPropertyValue(step.Name, out var value) ? value : null,
                StepKind.Index => node is JsonArray array && (step.Index >= 0 ? step.Index : array.Count + step.Index) is var at && at >= 0 && at < array.Count
                    ? array[at]
                    : null,
                _ => node is JsonArray candidates ? candidates.FirstOrDefault(c => Matches(c, step)) : null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static bool Matches(JsonNode? candidate, Step filter)
    {
        var value = candidate;
        foreach (var field in filter.Name.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            value = value is JsonObject obj && obj.TryGetPropertyValue(field, out var next) ? next : null;
        }

        if (value is not JsonValue scalar)
        {
            return false;
        }

        var text = scalar.GetValueKind() switch
        {
            JsonValueKind.String => scalar.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => scalar.ToJsonString(),
        };
        return string.Equals(text, filter.Value, StringComparison.Ordinal) != filter.Negated;
    }

    private static int FindClose(string text, int open, string path)
    {
        char? quote = null;
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == ']')
            {
                return i;
            }
        }

        throw new FormatException($"unclosed '[' at {open} in JSONPath '{path}'");
    }

    private static Step Bracket(string inner, string path)
    {
        if (inner.Length >= 2 && inner[0] is '\'' or '"' && inner[^1] == inner[0])
        {
            return new Step(StepKind.Field, inner[1..^1]);
        }

        if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index))
        {
            return new Step(StepKind.Index, "", index);
        }

        if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var condition = inner[2..^1].Trim();
            var negated = condition.Contains("!=", StringComparison.Ordinal);
            var parts = condition.Split(negated ? "!=" : "==", 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].StartsWith("@.", StringComparison.Ordinal))
            {
                var literal = parts[1];
                if (literal.Length >= 2 && literal[0] is '\'' or '"' && literal[^1] == literal[0])
                {
                    literal = literal[1..^1];
                }

                return new Step(StepKind.Filter, parts[0][2..], 0, literal, negated);
            }
        }

        throw new FormatException($"unsupported '[{inner}]' in JSONPath '{path}'");
    }

    private enum StepKind
    {
        Field,
        Index,
        Filter,
    }

    private sealed record Step(StepKind Kind, string Name, int Index = 0, string Value = "", bool Negated = false);
}
