namespace Clusternet.Caching;

/// <summary>How an informer lists, watches and resyncs.</summary>
public sealed class SharedInformerOptions
{
    /// <summary>
    /// How often every cached object is re-delivered to the handlers as an update with old = new, so that
    /// controllers re-check state they may have failed to act on. <see cref="TimeSpan.Zero"/> (the default) disables it.
    /// </summary>
    public TimeSpan ResyncPeriod { get; init; }

    /// <summary>Only objects matching this label selector are cached.</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Only objects matching this field selector are cached.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>
    /// Whether cached objects (and the objects handlers receive) drop <c>metadata.managedFields</c>, as
    /// controller-runtime's caches do by default. Server-side apply's field ownership records are often the largest
    /// part of an object's metadata and controllers rarely read them; a fleet's controller caches thousands of objects.
    /// Off by default: what the server sent is what is cached.
    /// </summary>
    public bool StripManagedFields { get; init; }

    /// <summary>The page size of the initial list and of re-lists (500, as client-go's reflector).</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>
    /// The shortest watch request: each watch asks the server to end it after a random time in
    /// [<see cref="MinWatchTimeout"/>, 2 × <see cref="MinWatchTimeout"/>), 5–10 minutes by default. This is shorter
    /// than the server's own limit, so that a connection that went silent is noticed and reopened; the random
    /// spread keeps many informers from reconnecting at the same moment.
    /// </summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The first retry delay after a failed list or watch; it doubles per consecutive failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    /// <summary>The longest retry delay.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
}
