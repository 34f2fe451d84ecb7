using System.Globalization;
using System.Text;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Selectors;

/// <summary>One condition of a label selector: a key, an operator and the values it compares with.</summary>
public sealed class LabelRequirement
{
    private readonly string[] values;

    private LabelRequirement(string key, LabelSelectorOperator @operator, string[] values)
    {
        Key = key;
        Operator = @operator;
        this.values = values;
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>How the label relates to <see cref="Values"/>.</summary>
    public LabelSelectorOperator Operator { get; }

    /// <summary>The values, in the order given; empty for <see cref="LabelSelectorOperator.Exists"/> and <see cref="LabelSelectorOperator.DoesNotExist"/>.</summary>
    public IReadOnlyList<string> Values => values;

    /// <summary>Whether a label that is <paramref name="present"/> with <paramref name="value"/> satisfies this requirement.</summary>
    /// <param name="present">Whether the object has the label.</param>
    /// <param name="value">The label's value when present.</param>
    public bool Matches(bool present, string? value)
    {
        switch (Operator)
        {
            case LabelSelectorOperator.Equals:
            case LabelSelectorOperator.DoubleEquals:
            case LabelSelectorOperator.In:
                return present && Array.IndexOf(values, value) >= 0;
            case LabelSelectorOperator.NotEquals:
            case LabelSelectorOperator.NotIn:
                return !present || Array.IndexOf(values, value) < 0;
            case LabelSelectorOperator.Exists:
                return present;
            case LabelSelectorOperator.DoesNotExist:
                return !present;
            case LabelSelectorOperator.GreaterThan:
            case LabelSelectorOperator.LessThan:
                // A label that is not an integer never satisfies a comparison, in either direction.
                if (!present || !TryParseInteger(value, out var actual) || values.Length != 1 || !TryParseInteger(values[0], out var bound))
                {
                    return false;
                }

                return Operator == LabelSelectorOperator.GreaterThan ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    /// <summary>
    /// The requirement in selector syntax, as apimachinery prints it: <c>!k</c>, <c>k</c>, <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>,
    /// <c>k&gt;5</c>, <c>k in (a,b)</c> with the values sorted.
    /// </summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        if (Operator == LabelSelectorOperator.DoesNotExist)
        {
            builder.Append('!');
        }

        builder.Append(Key);
        switch (Operator)
        {
            case LabelSelectorOperator.Exists:
            case LabelSelectorOperator.DoesNotExist:
                return builder.ToString();
            case LabelSelectorOperator.Equals: builder.Append('='); break;
            case LabelSelectorOperator.DoubleEquals: builder.Append("=="); break;
            case LabelSelectorOperator.NotEquals: builder.Append("!="); break;
            case LabelSelectorOperator.GreaterThan: builder.Append('>'); break;
            case LabelSelectorOperator.LessThan: builder.Append('<'); break;
            case LabelSelectorOperator.In: builder.Append(" in ("); break;
            case LabelSelectorOperator.NotIn: builder.Append(" notin ("); break;
        }

        var sorted = (string[])values.Clone();
        Array.Sort(sorted, StringComparer.Ordinal);
        builder.AppendJoin(',', sorted);
        if (Operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn)
        {
            builder.Append(')');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Builds a requirement after the checks kube-apiserver makes; the failures come back as <c>field.Error</c>
    /// messages (<c>values[0][k]: Invalid value: "-x": ...</c>) for the caller to aggregate.
    /// </summary>
    internal static LabelRequirement Create(string key, LabelSelectorOperator @operator, IReadOnlyList<string> values, List<string> errors)
    {
        var keyErrors = LabelSyntax.KeyErrors(key);
        if (keyErrors.Count != 0)
        {
            errors.Add(InvalidValue("key", GoValueFormat.Quote(key), string.Join("; ", keyErrors)));
        }

        switch (@operator)
        {
            case LabelSelectorOperator.In:
            case LabelSelectorOperator.NotIn:
                if (values.Count == 0)
                {
                    errors.Add(InvalidValue("values", GoStringSlice(values), "for 'in', 'notin' operators, values set can't be empty"));
                }

                break;
            case LabelSelectorOperator.Equals:
            case LabelSelectorOperator.DoubleEquals:
            case LabelSelectorOperator.NotEquals:
                if (values.Count != 1)
                {
                    errors.Add(InvalidValue("values", GoStringSlice(values), "exact-match compatibility requires one single value"));
                }

                break;
            case LabelSelectorOperator.Exists:
            case LabelSelectorOperator.DoesNotExist:
                if (values.Count != 0)
                {
                    errors.Add(InvalidValue("values", GoStringSlice(values), "values set must be empty for exists and does not exist"));
                }

                break;
            case LabelSelectorOperator.GreaterThan:
            case LabelSelectorOperator.LessThan:
                if (values.Count != 1)
                {
                    errors.Add(InvalidValue("values", GoStringSlice(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
                }

                for (var i = 0; i < values.Count; i++)
                {
                    if (!TryParseInteger(values[i], out _))
                    {
                        errors.Add(InvalidValue(Index("values", i), GoValueFormat.Quote(values[i]), "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }

                break;
        }

        for (var i = 0; i < values.Count; i++)
        {
            var valueErrors = LabelSyntax.ValueErrors(values[i]);
            if (valueErrors.Count != 0)
            {
                errors.Add(InvalidValue(Index("values", i) + "[" + key + "]", GoValueFormat.Quote(values[i]), string.Join("; ", valueErrors)));
            }
        }

        return new LabelRequirement(key, @operator, [.. values]);
    }

    /// <summary>Go's <c>field.Invalid(...).Error()</c>: <c>&lt;path&gt;: Invalid value: &lt;value&gt;: &lt;detail&gt;</c>.</summary>
    internal static string InvalidValue(string path, string renderedValue, string detail) =>
        path + ": Invalid value: " + renderedValue + ": " + detail;

    /// <summary>
    /// Go's aggregate of errors: duplicates dropped, a single message as is, several in brackets separated by <c>, </c>.
    /// </summary>
    internal static string Aggregate(List<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 10, 64)</c>: an optional sign and ASCII digits, within 64 bits.</summary>
    private static bool TryParseInteger(string? text, out long result)
    {
        result = 0;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var start = text[0] is '+' or '-' ? 1 : 0;
        if (start == text.Length)
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result);
    }

    private static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

    /// <summary>Go's <c>%#v</c> of a <c>[]string</c>, which is how a wrong number of values is shown.</summary>
    private static string GoStringSlice(IReadOnlyList<string> values) =>
        values.Count == 0 ? "[]string(nil)" : "[]string{" + string.Join(", ", values.Select(GoValueFormat.Quote)) + "}";
}
