namespace Clusternet.Runtime.Hub;

/// <summary>
/// Where a <c>sockets/&lt;id&gt;/proxy/...</c> request goes: to the child's advertised API server (<c>direct</c>) or to
/// <c>&lt;scheme&gt;://&lt;host:port&gt;</c> as seen from the agent's network, with the remaining path already checked.
/// </summary>
/// <param name="Direct">True for <c>proxy/direct/...</c>.</param>
/// <param name="Scheme"><c>https</c> or <c>http</c> for the explicit form; null for direct.</param>
/// <param name="Authority"><c>host:port</c> for the explicit form; null for direct.</param>
/// <param name="Path">The remaining path, still percent-encoded as the caller sent it, starting with '/' (or empty).</param>
/// <param name="Query">The query string including '?', or empty.</param>
internal sealed record ProxyTarget(bool Direct, string? Scheme, string? Authority, string Path, string Query)
{
    /// <summary>
    /// Parses what follows <c>.../sockets/&lt;id&gt;/proxy</c> in the raw request target. Unlike upstream (which cleans
    /// the path), anything that could step outside the target's prefix is refused rather than normalised: <c>.</c> and
    /// <c>..</c> segments (also percent-encoded), encoded slashes and backslashes, raw backslashes, NUL and control
    /// characters. Empty segments are dropped, as upstream's path join does.
    /// </summary>
    /// <returns>The target, or null with <paramref name="error"/> set.</returns>
    public static ProxyTarget? Parse(string rawRest, string query, out string? error)
    {
        error = null;
        var segments = rawRest.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (!IsSafeSegment(segment))
            {
                error = "the proxy path must not contain '.' or '..' segments, encoded slashes or backslashes, or control characters";
                return null;
            }
        }

        if (segments.Length == 0)
        {
            error = "the proxy path must start with direct/, https/<host:port>/ or http/<host:port>/";
            return null;
        }

        if (segments[0] == "direct")
        {
            return new ProxyTarget(true, null, null, Join(segments.AsSpan(1)), query);
        }

        if ((segments[0] == "https" || segments[0] == "http") && segments.Length >= 2)
        {
            var authority = Uri.UnescapeDataString(segments[1]);
            if (!IsAuthority(authority))
            {
                error = $"\"{authority}\" is not a host:port";
                return null;
            }

            return new ProxyTarget(false, segments[0], authority, Join(segments.AsSpan(2)), query);
        }

        error = "the proxy path must start with direct/, https/<host:port>/ or http/<host:port>/";
        return null;
    }

    /// <summary>The absolute URL below <paramref name="baseUri"/> (its path kept as a prefix).</summary>
    public Uri Resolve(Uri baseUri)
    {
        var prefix = baseUri.AbsolutePath.TrimEnd('/');
        var path = prefix + Path;
        if (path.Length == 0)
        {
            path = "/";
        }

        return new Uri(baseUri.GetLeftPart(UriPartial.Authority) + path + Query);
    }

    private static string Join(ReadOnlySpan<string> segments) => segments.Length == 0 ? string.Empty : "/" + string.Join('/', segments.ToArray());

    private static bool IsSafeSegment(string raw)
    {
        if (raw.Contains('\\') || raw.Contains("%2f", StringComparison.OrdinalIgnoreCase) || raw.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Uri.UnescapeDataString(raw);
        }
        catch (UriFormatException)
        {
            return false;
        }

        return decoded is not ("." or "..") && !decoded.Any(char.IsControl) && !decoded.Contains('/') && !decoded.Contains('\\');
    }

    private static bool IsAuthority(string authority) =>
        authority.Length > 0 && !authority.Contains('@') && !authority.Contains('/') && !authority.Contains('?') && !authority.Contains('#')
        && Uri.TryCreate("https://" + authority + "/", UriKind.Absolute, out var uri) && uri.UserInfo.Length == 0 && uri.AbsolutePath == "/";
}
