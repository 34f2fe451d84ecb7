using System.Globalization;
using System.Text;

namespace Clusternet.ControlPlane.Patching;

/// <summary>An RFC 6901 JSON pointer split into its unescaped reference tokens.</summary>
internal sealed class JsonPointer
{
    private JsonPointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
    }

    /// <summary>The pointer as written in the patch.</summary>
    public string Text { get; }

    /// <summary>The reference tokens, <c>~1</c> already turned into <c>/</c> and <c>~0</c> into <c>~</c>.</summary>
    public string[] Tokens { get; }

    /// <summary>Whether the pointer is the empty string, the whole document.</summary>
    public bool IsRoot => Tokens.Length == 0;

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> set when it is not a valid pointer.</summary>
    public static JsonPointer? TryParse(string text, out string? error)
    {
        error = null;
        if (text.Length == 0)
        {
            return new JsonPointer(text, []);
        }

        if (text[0] != '/')
        {
            error = "invalid JSON pointer " + Quote(text) + ": it must be empty or start with \"/\"";
            return null;
        }

        var parts = text[1..].Split('/');
        var tokens = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.IndexOf('~', StringComparison.Ordinal) < 0)
            {
                tokens[i] = part;
                continue;
            }

            var builder = new StringBuilder(part.Length);
            for (var c = 0; c < part.Length; c++)
            {
                if (part[c] != '~')
                {
                    builder.Append(part[c]);
                    continue;
                }

                // RFC 6901 §3: "~" is only legal as the start of "~0" or "~1".
                var next = c + 1 < part.Length ? part[c + 1] : '\0';
                if (next is not ('0' or '1'))
                {
                    error = "invalid JSON pointer " + Quote(text) + ": \"~\" must be followed by \"0\" or \"1\"";
                    return null;
                }

                builder.Append(next == '0' ? '~' : '/');
                c++;
            }

            tokens[i] = builder.ToString();
        }

        return new JsonPointer(text, tokens);
    }

    /// <summary>Escapes one reference token for use in a pointer.</summary>
    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>
    /// Reads an array index token: RFC 6901 §4 allows "0" or digits without a leading zero, nothing else
    /// (no sign, no spaces). Returns -1 when the token is not an index.
    /// </summary>
    public static int ParseIndex(string token)
    {
        if (token.Length == 0 || (token.Length > 1 && token[0] == '0'))
        {
            return -1;
        }

        foreach (var c in token)
        {
            if (c is < '0' or > '9')
            {
                return -1;
            }
        }

        return int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1;
    }

    /// <summary>Whether this pointer names a location strictly inside <paramref name="other"/>'s value.</summary>
    public bool IsProperChildOf(JsonPointer other)
    {
        if (Tokens.Length <= other.Tokens.Length)
        {
            return false;
        }

        for (var i = 0; i < other.Tokens.Length; i++)
        {
            if (!string.Equals(Tokens[i], other.Tokens[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Text;

    private static string Quote(string text) => Validation.GoValueFormat.Quote(text);
}
