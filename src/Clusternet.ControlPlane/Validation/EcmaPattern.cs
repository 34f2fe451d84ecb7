using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// A schema <c>pattern</c>, compiled once per distinct text and shared. Matching is unanchored, as in JSON Schema.
/// </summary>
/// <remarks>
/// kube-apiserver matches with Go's RE2, whose classes (<c>\d</c>, <c>\w</c>, <c>\s</c>) are ASCII-only; .NET's
/// ECMAScript mode gives the same, so it is tried first and default options only when ECMAScript mode rejects a
/// construct (e.g. <c>\p{L}</c>). Two RE2 habits are translated: <c>$</c> means end of text (not "before a final
/// newline" as in .NET), and named groups may be written <c>(?P&lt;name&gt;…)</c>. RE2 never backtracks, .NET may, so a
/// match that runs past the timeout counts as a failed match rather than hanging a request.
/// </remarks>
internal sealed class EcmaPattern
{
    private static readonly ConcurrentDictionary<string, EcmaPattern> Compiled = new(StringComparer.Ordinal);
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private readonly Regex? regex;

    private EcmaPattern(string text)
    {
        Text = text;
        var translated = Translate(text);
        try
        {
            regex = new Regex(translated, RegexOptions.ECMAScript | RegexOptions.Compiled, MatchTimeout);
        }
        catch (ArgumentException)
        {
            try
            {
                regex = new Regex(translated, RegexOptions.CultureInvariant | RegexOptions.Compiled, MatchTimeout);
            }
            catch (ArgumentException e)
            {
                Error = e.Message;
            }
        }
    }

    /// <summary>The pattern as written in the schema.</summary>
    public string Text { get; }

    /// <summary>Why the pattern does not compile; null when it does.</summary>
    public string? Error { get; }

    public static EcmaPattern Get(string text) => Compiled.GetOrAdd(text, static t => new EcmaPattern(t));

    public bool IsMatch(string value)
    {
        if (regex is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string Translate(string pattern)
    {
        if (pattern.Contains("(?m", StringComparison.Ordinal) || (!pattern.Contains('$') && !pattern.Contains("(?P<", StringComparison.Ordinal)))
        {
            return pattern;
        }

        var builder = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                builder.Append(c).Append(pattern[++i]);
                continue;
            }

            if (inClass)
            {
                inClass = c != ']';
                builder.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    builder.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        builder.Append(pattern[++i]);
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        builder.Append(pattern[++i]);
                    }

                    break;
                case '$':
                    builder.Append(@"(?![\s\S])");
                    break;
                case '(' when string.CompareOrdinal(pattern, i, "(?P<", 0, 4) == 0:
                    builder.Append("(?<");
                    i += 3;
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
