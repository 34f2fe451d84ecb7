namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// The label selector grammar of apimachinery, read left to right with one token of look-ahead:
/// <code>
/// selector    := requirement ("," requirement)*
/// requirement := ["!"] KEY [ ("in" | "notin") "(" values ")" | ("=" | "==" | "!=" | "&gt;" | "&lt;") VALUE ]
/// values      := VALUE ("," VALUE)*     (any VALUE may be empty)
/// </code>
/// Whitespace (space, tab, CR, LF) separates tokens and is otherwise ignored. The error texts are kube-apiserver's,
/// typos included, because clients show them verbatim.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private readonly List<LabelToken> tokens;
    private int position;

    private LabelSelectorParser(List<LabelToken> tokens) => this.tokens = tokens;

    private enum TokenKind
    {
        EndOfString,
        ClosedParenthesis,
        Comma,
        DoesNotExist,
        DoubleEquals,
        Equals,
        GreaterThan,
        Identifier,
        In,
        LessThan,
        NotEquals,
        NotIn,
        OpenParenthesis,
    }

    /// <summary>Parses <paramref name="text"/> into requirements in the order written.</summary>
    public static List<LabelRequirement> Parse(string text) => new LabelSelectorParser(Lex(text)).ParseSelector();

    private List<LabelRequirement> ParseSelector()
    {
        var requirements = new List<LabelRequirement>();
        var first = PeekValue();
        if (first.Kind == TokenKind.EndOfString)
        {
            return requirements;
        }

        if (first.Kind is not (TokenKind.Identifier or TokenKind.DoesNotExist))
        {
            throw new SelectorParseException($"found '{first.Text}', expected: !, identifier, or 'end of string'");
        }

        while (true)
        {
            requirements.Add(ParseRequirement());
            var separator = NextValue();
            if (separator.Kind == TokenKind.EndOfString)
            {
                return requirements;
            }

            if (separator.Kind != TokenKind.Comma)
            {
                throw new SelectorParseException($"found '{separator.Text}', expected: ',' or 'end of string'");
            }

            var next = PeekValue();
            if (next.Kind is not (TokenKind.Identifier or TokenKind.DoesNotExist))
            {
                throw new SelectorParseException($"found '{next.Text}', expected: identifier after ','");
            }
        }
    }

    private LabelRequirement ParseRequirement()
    {
        var token = NextValue();
        var negated = token.Kind == TokenKind.DoesNotExist;
        if (negated)
        {
            token = NextValue();
        }

        if (token.Kind != TokenKind.Identifier)
        {
            throw Requirement($"found '{token.Text}', expected: identifier");
        }

        var key = token.Text;
        var keyErrors = LabelSyntax.KeyErrors(key);
        if (keyErrors.Count != 0)
        {
            // The parser checks the key before it has a field path, so the path prints as Go's nil path.
            throw Requirement(LabelRequirement.InvalidValue("<nil>", Validation.GoValueFormat.Quote(key), string.Join("; ", keyErrors)));
        }

        // "!k" is complete whatever follows; the selector loop then rejects anything but "," or the end.
        if (negated)
        {
            return Build(key, LabelSelectorOperator.DoesNotExist, []);
        }

        if (PeekValue().Kind is TokenKind.EndOfString or TokenKind.Comma)
        {
            return Build(key, LabelSelectorOperator.Exists, []);
        }

        var operatorToken = tokens[position++];
        LabelSelectorOperator @operator = operatorToken.Kind switch
        {
            TokenKind.In => LabelSelectorOperator.In,
            TokenKind.NotIn => LabelSelectorOperator.NotIn,
            TokenKind.Equals => LabelSelectorOperator.Equals,
            TokenKind.DoubleEquals => LabelSelectorOperator.DoubleEquals,
            TokenKind.NotEquals => LabelSelectorOperator.NotEquals,
            TokenKind.GreaterThan => LabelSelectorOperator.GreaterThan,
            TokenKind.LessThan => LabelSelectorOperator.LessThan,
            _ => throw Requirement($"found '{operatorToken.Text}', expected: {BinaryOperators}"),
        };

        var values = @operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn ? ParseValueSet() : ParseSingleValue();
        return Build(key, @operator, values);
    }

    /// <summary>The parenthesised list after in/notin, as a sorted set: empty entries count as the empty value.</summary>
    private List<string> ParseValueSet()
    {
        var open = NextValue();
        if (open.Kind != TokenKind.OpenParenthesis)
        {
            throw Requirement($"found '{open.Text}' expected: '('");
        }

        var set = new SortedSet<string>(StringComparer.Ordinal);
        var first = PeekValue();
        if (first.Kind == TokenKind.ClosedParenthesis)
        {
            position++;
            set.Add(string.Empty);
            return [.. set];
        }

        if (first.Kind is not (TokenKind.Identifier or TokenKind.Comma))
        {
            throw Requirement($"found '{first.Text}', expected: ',', ')' or identifier");
        }

        while (true)
        {
            var token = NextValue();
            if (token.Kind == TokenKind.Identifier)
            {
                set.Add(token.Text);
                var after = PeekValue();
                if (after.Kind == TokenKind.ClosedParenthesis)
                {
                    position++;
                    return [.. set];
                }

                if (after.Kind != TokenKind.Comma)
                {
                    throw Requirement($"found '{after.Text}', expected: ',' or ')'");
                }
            }
            else if (token.Kind == TokenKind.Comma)
            {
                // A comma with nothing before it, after it, or between two commas stands for the empty value.
                var after = PeekValue();
                if (set.Count == 0 || after.Kind is TokenKind.ClosedParenthesis or TokenKind.Comma)
                {
                    set.Add(string.Empty);
                }

                if (after.Kind == TokenKind.ClosedParenthesis)
                {
                    position++;
                    return [.. set];
                }
            }
            else
            {
                throw Requirement($"found '{token.Text}', expected: ',', or identifier");
            }
        }
    }

    private List<string> ParseSingleValue()
    {
        if (PeekValue().Kind is TokenKind.EndOfString or TokenKind.Comma)
        {
            return [string.Empty];
        }

        var token = NextValue();
        if (token.Kind != TokenKind.Identifier)
        {
            throw Requirement($"found '{token.Text}', expected: identifier");
        }

        return [token.Text];
    }

    private static LabelRequirement Build(string key, LabelSelectorOperator @operator, List<string> values)
    {
        var errors = new List<string>();
        var requirement = LabelRequirement.Create(key, @operator, values, errors);
        if (errors.Count != 0)
        {
            throw Requirement(LabelRequirement.Aggregate(errors));
        }

        return requirement;
    }

    private static SelectorParseException Requirement(string detail) => new("unable to parse requirement: " + detail);

    /// <summary>The next token where a value may stand: the words in and notin are values there, not operators.</summary>
    private LabelToken PeekValue() => AsValue(tokens[position]);

    private LabelToken NextValue() => AsValue(tokens[position++]);

    private static LabelToken AsValue(LabelToken token) =>
        token.Kind is TokenKind.In or TokenKind.NotIn ? token with { Kind = TokenKind.Identifier } : token;

    /// <summary>
    /// Splits the text into tokens. Identifiers run until whitespace or one of <c>= ! ( ) , &gt; &lt;</c>; a run of those
    /// symbols is cut into the longest known operators (<c>!=</c>, <c>==</c>, else single characters). A NUL character
    /// ends the text where a token would start, as the byte-oriented upstream lexer does.
    /// </summary>
    private static List<LabelToken> Lex(string text)
    {
        var result = new List<LabelToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && IsWhitespace(text[i]))
            {
                i++;
            }

            if (i >= text.Length || text[i] == '\0')
            {
                result.Add(new LabelToken(TokenKind.EndOfString, string.Empty));
                return result;
            }

            if (IsSymbol(text[i]))
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                var (kind, length) = two switch
                {
                    "!=" => (TokenKind.NotEquals, 2),
                    "==" => (TokenKind.DoubleEquals, 2),
                    _ => (SymbolKind(text[i]), 1),
                };
                result.Add(new LabelToken(kind, text.Substring(i, length)));
                i += length;
                continue;
            }

            var start = i;
            while (i < text.Length && text[i] != '\0' && !IsSymbol(text[i]) && !IsWhitespace(text[i]))
            {
                i++;
            }

            var word = text[start..i];
            if (i < text.Length && text[i] == '\0')
            {
                // Upstream consumes the NUL that ends an identifier and lexes on after it.
                i++;
            }

            result.Add(new LabelToken(word switch { "in" => TokenKind.In, "notin" => TokenKind.NotIn, _ => TokenKind.Identifier }, word));
        }
    }

    private static TokenKind SymbolKind(char symbol) => symbol switch
    {
        '=' => TokenKind.Equals,
        '!' => TokenKind.DoesNotExist,
        '(' => TokenKind.OpenParenthesis,
        ')' => TokenKind.ClosedParenthesis,
        ',' => TokenKind.Comma,
        '>' => TokenKind.GreaterThan,
        _ => TokenKind.LessThan,
    };

    private static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    private static bool IsSymbol(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';

    private readonly record struct LabelToken(TokenKind Kind, string Text);
}
