namespace Clusternet.Runtime.Hub;

/// <summary>A caller as the parent authenticated it: user name, uid, groups and extras (keys lower-cased).</summary>
internal sealed record HubUser(string Name, string? Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extras)
{
    /// <summary>A stable text of everything that takes part in an authorization decision, for cache keys.</summary>
    public string CacheKey =>
        string.Join('\u0001', [Name, Uid ?? string.Empty, string.Join('\u0002', Groups),
            string.Join('\u0002', Extras.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + string.Join('\u0003', e.Value)))]);

    /// <summary>The first value of extra <paramref name="key"/>, or null.</summary>
    public string? Extra(string key) => Extras.TryGetValue(key, out var values) && values.Count > 0 ? values[0] : null;
}
