using System.Runtime.CompilerServices;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// What readers see: the current objects of every resource, a ring of the last writes (to replay a watch
/// from a past resourceVersion and to serve a continue token's snapshot) and the live watchers.
/// Writes are published here in resourceVersion order, after they are durable.
/// </summary>
internal sealed class WatchCache : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ResourceIndex> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Watcher>> _watchers = new(StringComparer.Ordinal);
    private readonly StoreChange[] _history;
    private readonly int _watcherCapacity;
    private int _historyHead; // index of the oldest event
    private int _historyCount;
    private long _historyStart; // every write with a resourceVersion above this one is in the ring
    private long _currentResourceVersion;
    private bool _disposed;

    public WatchCache(ObjectStoreOptions options, long currentResourceVersion = 0)
    {
        options.Validate();
        _history = new StoreChange[options.HistoryCapacity];
        _watcherCapacity = options.WatcherBufferCapacity;
        _historyStart = currentResourceVersion;
        _currentResourceVersion = currentResourceVersion;
    }

    public long CurrentResourceVersion => Volatile.Read(ref _currentResourceVersion);

    /// <summary>Puts an object read from disk in place, before anyone reads or watches.</summary>
    public void Load(StorageKey key, StoreElement element)
    {
        lock (_lock)
        {
            IndexOf(key.Resource).Set(ObjectName.Of(key), element);
        }
    }

    public StoreElement? Get(StorageKey key)
    {
        lock (_lock)
        {
            return _resources.TryGetValue(key.Resource, out var index) ? index.Get(ObjectName.Of(key)) : null;
        }
    }

    /// <summary>Applies writes that are already durable, in resourceVersion order, and hands them to watchers.</summary>
    public void Publish(IReadOnlyList<StoreChange> changes)
    {
        lock (_lock)
        {
            foreach (var e in changes)
            {
                var index = IndexOf(e.Key.Resource);
                if (e.Type == StoreEventType.Deleted)
                {
                    index.Remove(ObjectName.Of(e.Key));
                }
                else
                {
                    index.Set(ObjectName.Of(e.Key), e.Element);
                }

                Remember(e);
                _currentResourceVersion = e.ResourceVersion;
                if (_watchers.TryGetValue(e.Key.Resource, out var watchers) && watchers.Count > 0)
                {
                    // One event object for all live watchers, so a tree one of them asks for is parsed once.
                    // A full queue drops that watcher (it re-lists); nobody here ever waits for a reader.
                    var live = e.ToEvent();
                    watchers.RemoveAll(w => w.Matches(e.Key) && !w.TryDeliver(live));
                }
            }
        }
    }

    public ListResult List(string resource, string? @namespace, ListRequest request)
    {
        var limit = request.Limit is > 0 ? request.Limit.Value : int.MaxValue;
        long snapshot;
        List<(ObjectName Name, StoreElement Element)> candidates;
        lock (_lock)
        {
            ObjectName? after = null;
            snapshot = _currentResourceVersion;
            if (!string.IsNullOrEmpty(request.Continue))
            {
                var token = ContinueToken.Decode(request.Continue, resource);
                if (token.ResourceVersion < _historyStart)
                {
                    throw new StorageExpiredException(token.ResourceVersion, _historyStart,
                        $"The provided continue parameter is too old to display a consistent list result (resourceVersion {token.ResourceVersion}, oldest {_historyStart}). You can start a new list without the continue parameter.");
                }

                snapshot = Math.Min(token.ResourceVersion, _currentResourceVersion);
                after = token.After;
            }

            if (request.Predicate is null && request.Name is null)
            {
                var items = new List<StoreElement>(Math.Min(limit, 1024));
                ObjectName last = default;
                long remaining = 0;
                foreach (var (name, element) in Snapshot(resource, @namespace, after, snapshot))
                {
                    if (items.Count < limit)
                    {
                        items.Add(element);
                        last = name;
                    }
                    else
                    {
                        remaining++;
                    }
                }

                return remaining > 0
                    ? new ListResult(items, snapshot, new ContinueToken(resource, snapshot, last).Encode(), remaining)
                    : new ListResult(items, snapshot, null, null);
            }

            // A selector needs trees: take the snapshot's elements (immutable) and parse outside the lock,
            // so writers are not held back while a large list is filtered. A pinned name is checked first, unparsed.
            candidates = request.Name is { } only
                ? [.. Snapshot(resource, @namespace, after, snapshot).Where(c => string.Equals(c.Name.Name, only, StringComparison.Ordinal))]
                : [.. Snapshot(resource, @namespace, after, snapshot)];
        }

        var kept = new List<StoreElement>(Math.Min(limit, 1024));
        ObjectName lastKept = default;
        foreach (var (name, element) in candidates)
        {
            if (request.Predicate is { } predicate && !predicate(element.Parse()))
            {
                continue;
            }

            if (kept.Count == limit)
            {
                // kube-apiserver does not count through a selector either
                return new ListResult(kept, snapshot, new ContinueToken(resource, snapshot, lastKept).Encode(), null);
            }

            kept.Add(element);
            lastKept = name;
        }

        return new ListResult(kept, snapshot, null, null);
    }

    /// <summary>Registers a watcher, replaying what it missed since <paramref name="fromResourceVersion"/>.</summary>
    public async IAsyncEnumerable<StoreEvent> Watch(string resource, string? @namespace, long fromResourceVersion, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var watcher = Register(resource, @namespace, fromResourceVersion);
        try
        {
            foreach (var e in watcher.Replay)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return e;
            }

            await foreach (var e in watcher.Live.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return e;
            }
        }
        finally
        {
            Unregister(watcher);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            foreach (var watcher in _watchers.Values.SelectMany(w => w))
            {
                watcher.Close();
            }

            _watchers.Clear();
        }
    }

    private Watcher Register(string resource, string? @namespace, long fromResourceVersion)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (fromResourceVersion < _historyStart)
            {
                throw new StorageExpiredException(fromResourceVersion, _historyStart,
                    $"too old resource version: {fromResourceVersion} ({_historyStart})");
            }

            var replay = new List<StoreEvent>();
            var watcher = new Watcher(resource, @namespace, replay, _watcherCapacity);
            foreach (var e in History())
            {
                if (e.ResourceVersion > fromResourceVersion && e.Key.Resource == resource && watcher.Matches(e.Key))
                {
                    replay.Add(e.ToEvent());
                }
            }

            if (!_watchers.TryGetValue(resource, out var list))
            {
                _watchers[resource] = list = [];
            }

            list.Add(watcher);
            return watcher;
        }
    }

    private void Unregister(Watcher watcher)
    {
        lock (_lock)
        {
            if (_watchers.TryGetValue(watcher.Resource, out var list))
            {
                list.Remove(watcher);
            }
        }

        watcher.Close();
    }

    /// <summary>
    /// The objects of one resource as they were at <paramref name="snapshot"/>, in list order: the current
    /// index, with every key written since the snapshot put back to its state before the first such write.
    /// Caller holds the lock.
    /// </summary>
    private IEnumerable<(ObjectName Name, StoreElement Element)> Snapshot(string resource, string? @namespace, ObjectName? after, long snapshot)
    {
        var index = _resources.GetValueOrDefault(resource) ?? new ResourceIndex();
        Dictionary<ObjectName, StoreElement?>? undo = null;
        if (snapshot < _currentResourceVersion)
        {
            undo = [];
            foreach (var e in History())
            {
                // Oldest first, so the first write after the snapshot decides the key's state at the snapshot.
                if (e.ResourceVersion > snapshot && e.Key.Resource == resource)
                {
                    undo.TryAdd(ObjectName.Of(e.Key), e.Previous);
                }
            }
        }

        // Keys deleted since the snapshot are missing from the index; merge them back in order.
        var restored = undo is null
            ? []
            : undo.Where(u => u.Value is not null && !index.Contains(u.Key)
                              && (@namespace is null || u.Key.Namespace == @namespace)
                              && (after is not { } a || u.Key.CompareTo(a) > 0))
                  .Select(u => u.Key).Order().ToList();
        var next = 0;
        foreach (var name in index.Names(@namespace, after))
        {
            for (; next < restored.Count && restored[next].CompareTo(name) < 0; next++)
            {
                yield return (restored[next], undo![restored[next]]!);
            }

            var obj = undo is not null && undo.TryGetValue(name, out var old) ? old : index.Get(name);
            if (obj is not null)
            {
                yield return (name, obj);
            }
        }

        for (; next < restored.Count; next++)
        {
            yield return (restored[next], undo![restored[next]]!);
        }
    }

    private IEnumerable<StoreChange> History()
    {
        for (var i = 0; i < _historyCount; i++)
        {
            yield return _history[(_historyHead + i) % _history.Length];
        }
    }

    private void Remember(StoreChange e)
    {
        if (_historyCount == _history.Length)
        {
            _historyStart = _history[_historyHead].ResourceVersion;
            _history[_historyHead] = e;
            _historyHead = (_historyHead + 1) % _history.Length;
        }
        else
        {
            _history[(_historyHead + _historyCount) % _history.Length] = e;
            _historyCount++;
        }
    }

    private ResourceIndex IndexOf(string resource)
    {
        if (!_resources.TryGetValue(resource, out var index))
        {
            _resources[resource] = index = new ResourceIndex();
        }

        return index;
    }
}
