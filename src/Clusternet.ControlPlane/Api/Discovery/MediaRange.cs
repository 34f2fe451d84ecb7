using System.Globalization;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>One entry of an Accept header: <c>type/subtype</c> with its parameters (<c>as</c>, <c>g</c>, <c>v</c>, <c>q</c>).</summary>
internal sealed record MediaRange(string Type, string Subtype, IReadOnlyDictionary<string, string> Parameters, double Quality)
{
    /// <summary>The ranges in the order a server should consider them: by quality, ties kept in header order.</summary>
    public static IReadOnlyList<MediaRange> ParseAccept(string? accept)
    {
        var ranges = new List<MediaRange>();
        foreach (var part in (accept ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var pieces = part.Split(';', StringSplitOptions.TrimEntries);
            var slash = pieces[0].IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0 || slash == pieces[0].Length - 1)
            {
                continue;
            }

            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var quality = 1.0;
            foreach (var parameter in pieces.Skip(1))
            {
                var equals = parameter.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }

                var key = parameter[..equals].Trim();
                var value = parameter[(equals + 1)..].Trim().Trim('"');
                if (key.Equals("q", StringComparison.OrdinalIgnoreCase))
                {
                    quality = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : 0;
                }
                else
                {
                    parameters[key] = value;
                }
            }

            ranges.Add(new MediaRange(pieces[0][..slash].ToLowerInvariant(), pieces[0][(slash + 1)..].ToLowerInvariant(), parameters, quality));
        }

        // OrderByDescending is stable, so equal qualities keep the client's order.
        return [.. ranges.Where(r => r.Quality > 0).OrderByDescending(r => r.Quality)];
    }

    /// <summary>Whether a JSON body satisfies this range: <c>application/json</c>, <c>application/*</c> or <c>*/*</c>.</summary>
    public bool AcceptsJson => (Type, Subtype) is ("application", "json") or ("application", "*") or ("*", "*");

    /// <summary>The value of a parameter, or null.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;
}
