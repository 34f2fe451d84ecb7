using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// A parsed field selector (the <c>fieldSelector</c> query parameter): an AND of equalities and inequalities on
/// field labels such as <c>metadata.name</c>. Values may contain <c>,</c> <c>=</c> and <c>\</c> when escaped with a backslash.
/// </summary>
public sealed class FieldSelector
{
    private readonly FieldRequirement[] requirements;
    private readonly SelectableFields? fields;

    private FieldSelector(FieldRequirement[] requirements, SelectableFields? fields)
    {
        this.requirements = requirements;
        this.fields = fields;
    }

    /// <summary>The selector that matches every object.</summary>
    public static FieldSelector Everything { get; } = new([], null);

    /// <summary>The requirements, sorted by their printed form.</summary>
    public IReadOnlyList<FieldRequirement> Requirements => requirements;

    /// <summary>Whether the selector restricts nothing.</summary>
    public bool IsEmpty => requirements.Length == 0;

    /// <summary>
    /// Parses <c>f=v</c>, <c>f==v</c> and <c>f!=v</c> terms joined by commas. When <paramref name="fields"/> is given,
    /// every field must be one the resource supports (kube-apiserver's per-kind list), and old aliases are translated
    /// (<c>spec.host</c> of pods is <c>spec.nodeName</c>); the selector then reads values the way that resource exposes them.
    /// Without it any field is accepted and read as a dotted path.
    /// </summary>
    /// <param name="selector">The selector text, URL-decoded. Null or empty gives <see cref="Everything"/>.</param>
    /// <param name="fields">The fields the listed resource supports; null to skip the check.</param>
    /// <exception cref="SelectorParseException">A term is malformed, a value is badly escaped, or a field is not supported.</exception>
    public static FieldSelector Parse(string? selector, SelectableFields? fields = null)
    {
        if (string.IsNullOrEmpty(selector))
        {
            return Everything;
        }

        var terms = SplitTerms(selector);
        terms.Sort(StringComparer.Ordinal);
        var parsed = new List<FieldRequirement>(terms.Count);
        foreach (var term in terms)
        {
            if (term.Length == 0)
            {
                continue;
            }

            if (!TrySplitTerm(term, out var field, out var @operator, out var rawValue))
            {
                throw new SelectorParseException($"invalid selector: '{selector}'; can't understand '{term}'");
            }

            parsed.Add(new FieldRequirement(field, @operator, UnescapeValue(rawValue)));
        }

        if (fields is not null)
        {
            // kube-apiserver checks the fields only once the whole text has parsed, in the sorted order of the terms.
            for (var i = 0; i < parsed.Count; i++)
            {
                var canonical = fields.Resolve(parsed[i].Field)
                    ?? throw new SelectorParseException("field label not supported: " + parsed[i].Field);
                parsed[i] = parsed[i] with { Field = canonical };
            }
        }

        if (parsed.Count == 0)
        {
            return Everything;
        }

        parsed.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return new FieldSelector([.. parsed], fields);
    }

    /// <summary>Escapes a literal value for use in a field selector: <c>\</c>, <c>,</c> and <c>=</c> get a backslash.</summary>
    /// <param name="value">The literal value.</param>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Whether the object satisfies every requirement; a missing field reads as the empty string.</summary>
    /// <param name="obj">A Kubernetes object.</param>
    public bool Matches(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        foreach (var requirement in requirements)
        {
            var actual = fields is null ? SelectableFields.ReadPath(obj, requirement.Field) : fields.ValueOf(obj, requirement.Field);
            var equal = string.Equals(actual, requirement.Value, StringComparison.Ordinal);
            if (equal != (requirement.Operator == FieldSelectorOperator.Equals))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The value an equality requirement pins <paramref name="field"/> to, e.g. the name of <c>metadata.name=cm1</c>,
    /// so a list can be served by a single read.
    /// </summary>
    /// <param name="field">The field label.</param>
    /// <param name="value">The required value.</param>
    public bool TryGetExactMatch(string field, out string value)
    {
        foreach (var requirement in requirements)
        {
            if (requirement.Operator == FieldSelectorOperator.Equals && requirement.Field == field)
            {
                value = requirement.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The selector in canonical syntax: terms sorted and joined by <c>,</c>, <c>==</c> printed as <c>=</c>, values escaped.</summary>
    public override string ToString() => string.Join(',', requirements.Select(r => r.ToString()));

    /// <summary>Cuts at commas that are not escaped; the escapes stay in the terms for the value to unescape.</summary>
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < selector.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (selector[i] == '\\')
            {
                escaped = true;
            }
            else if (selector[i] == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }

        terms.Add(selector[start..]);
        return terms;
    }

    /// <summary>
    /// Splits at the first operator: the field cannot be escaped, so the first <c>!=</c>, <c>==</c> or <c>=</c> wins
    /// (at one position <c>!=</c> and <c>==</c> are preferred to <c>=</c>, so no <c>=</c> is left on the value).
    /// </summary>
    private static bool TrySplitTerm(string term, out string field, out FieldSelectorOperator @operator, out string value)
    {
        for (var i = 0; i < term.Length; i++)
        {
            var rest = term.AsSpan(i);
            var length = rest.StartsWith("!=") || rest.StartsWith("==") ? 2 : rest.StartsWith("=") ? 1 : 0;
            if (length != 0)
            {
                field = term[..i];
                @operator = rest[0] == '!' ? FieldSelectorOperator.NotEquals : FieldSelectorOperator.Equals;
                value = term[(i + length)..];
                return true;
            }
        }

        field = value = string.Empty;
        @operator = FieldSelectorOperator.Equals;
        return false;
    }

    /// <summary>Removes the escapes; a lone backslash, an unknown escape or a bare <c>,</c> or <c>=</c> is an error.</summary>
    private static string UnescapeValue(string raw)
    {
        if (raw.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            return raw;
        }

        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '\\')
            {
                if (i + 1 == raw.Length)
                {
                    throw new SelectorParseException("invalid field selector: invalid escape sequence: \\");
                }

                var next = raw[++i];
                if (next is not ('\\' or ',' or '='))
                {
                    var sequence = char.IsHighSurrogate(next) && i + 1 < raw.Length ? raw.Substring(i - 1, 3) : raw.Substring(i - 1, 2);
                    throw new SelectorParseException("invalid field selector: invalid escape sequence: " + sequence);
                }

                builder.Append(next);
            }
            else if (c is ',' or '=')
            {
                // Upstream prints the offending character as its code point (%v of a rune): 44 for ',' and 61 for '='.
                throw new SelectorParseException("invalid field selector: unescaped character in value: " + (c == ',' ? "44" : "61"));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
