using k8s;
using k8s.Models;

namespace Clusternet.Caching;

/// <summary>Names shared by every <see cref="Store{T}"/>.</summary>
public static class Store
{
    /// <summary>The built-in index of objects by namespace (the empty string for cluster-scoped objects).</summary>
    public const string NamespaceIndex = "namespace";
}

/// <summary>
/// A thread-safe, indexed cache of objects keyed by <see cref="CacheKey"/>: the indexer behind an informer.
/// </summary>
/// <remarks>
/// Per object the store keeps one dictionary entry and its key string, plus one set entry per index value,
/// all sharing that key string; nothing else. Memory therefore grows with the objects themselves, not with
/// the bookkeeping (see the <c>informer</c> benchmark for the measured figure).
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
public sealed class Store<T> : ILister<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);

    // The namespace never changes for a key (it is part of it), so this index is touched only on add and delete.
    private readonly Dictionary<string, HashSet<string>> _byNamespace = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Index> _indexes = new(StringComparer.Ordinal);
    private string? _resourceVersion;

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _items.Count;
            }
        }
    }

    /// <summary>The resourceVersion passed to the last <see cref="Replace(IEnumerable{T}, string)"/>.</summary>
    public string? ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion;
            }
        }
    }

    /// <summary>
    /// Adds a named index: <paramref name="indexFunc"/> returns the values an object is found under by
    /// <see cref="ByIndex"/>. Objects already cached are indexed at once.
    /// </summary>
    /// <exception cref="ArgumentException">The name is taken (<see cref="Store.NamespaceIndex"/> is built in).</exception>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(indexFunc);
        lock (_lock)
        {
            if (name == Store.NamespaceIndex || _indexes.ContainsKey(name))
            {
                throw new ArgumentException($"An index named '{name}' exists.", nameof(name));
            }

            var index = new Index(indexFunc);
            foreach (var (key, obj) in _items)
            {
                index.Add(key, obj);
            }

            _indexes.Add(name, index);
        }
    }

    /// <summary>Caches <paramref name="obj"/>, replacing any object with the same key; returns the replaced object, or null.</summary>
    public T? AddOrUpdate(T obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var key = CacheKey.Of(obj);
        lock (_lock)
        {
            return Put(key, obj);
        }
    }

    /// <summary>Removes the object cached under <paramref name="key"/>; returns it, or null when there was none.</summary>
    public T? Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            return Remove(key);
        }
    }

    /// <summary>Replaces the whole content with <paramref name="items"/>, as read by a list at <paramref name="resourceVersion"/>.</summary>
    public void Replace(IEnumerable<T> items, string? resourceVersion) => Replace(items, resourceVersion, null, null);

    /// <summary>
    /// Replaces the content and reports the difference, under the store's lock so that no reader sees half of it:
    /// <paramref name="upserted"/> gets (previous or null, new) for every item, <paramref name="removed"/> every
    /// object that is no longer listed.
    /// </summary>
    internal void Replace(IEnumerable<T> items, string? resourceVersion, Action<T?, T>? upserted, Action<T>? removed)
    {
        ArgumentNullException.ThrowIfNull(items);
        lock (_lock)
        {
            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var key = CacheKey.Of(item);
                listed.Add(key);
                var previous = Put(key, item);
                upserted?.Invoke(previous, item);
            }

            if (listed.Count < _items.Count)
            {
                var gone = new List<string>();
                foreach (var key in _items.Keys)
                {
                    if (!listed.Contains(key))
                    {
                        gone.Add(key);
                    }
                }

                foreach (var key in gone)
                {
                    var previous = Remove(key)!;
                    removed?.Invoke(previous);
                }
            }

            _resourceVersion = resourceVersion;
        }
    }

    /// <summary>Runs <paramref name="action"/> on every cached object while holding the lock (a consistent view for resync).</summary>
    internal void ForEach(Action<T> action)
    {
        lock (_lock)
        {
            foreach (var obj in _items.Values)
            {
                action(obj);
            }
        }
    }

    /// <inheritdoc />
    public T? Get(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            return _items.GetValueOrDefault(key);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<T> List(string @namespace) => ByIndex(Store.NamespaceIndex, @namespace);

    /// <inheritdoc />
    public IReadOnlyList<T> ByIndex(string indexName, string indexedValue)
    {
        ArgumentNullException.ThrowIfNull(indexName);
        ArgumentNullException.ThrowIfNull(indexedValue);
        lock (_lock)
        {
            HashSet<string>? keys;
            if (indexName == Store.NamespaceIndex)
            {
                keys = _byNamespace.GetValueOrDefault(indexedValue);
            }
            else if (_indexes.TryGetValue(indexName, out var index))
            {
                keys = index.Keys(indexedValue);
            }
            else
            {
                throw new ArgumentException($"No index is named '{indexName}'.", nameof(indexName));
            }

            if (keys is null)
            {
                return [];
            }

            var result = new T[keys.Count];
            var i = 0;
            foreach (var key in keys)
            {
                result[i++] = _items[key];
            }

            return result;
        }
    }

    private T? Put(string key, T obj)
    {
        // Overwriting an entry keeps the key string it was added with, which the indexes share.
        if (_items.TryGetValue(key, out var previous))
        {
            _items[key] = obj;
            foreach (var index in _indexes.Values)
            {
                index.Update(key, previous, obj);
            }

            return previous;
        }

        _items.Add(key, obj);
        var ns = obj.Metadata.NamespaceProperty ?? string.Empty;
        if (!_byNamespace.TryGetValue(ns, out var keys))
        {
            _byNamespace.Add(ns, keys = new HashSet<string>(StringComparer.Ordinal));
        }

        keys.Add(key);
        foreach (var index in _indexes.Values)
        {
            index.Add(key, obj);
        }

        return null;
    }

    private T? Remove(string key)
    {
        if (!_items.Remove(key, out var previous))
        {
            return null;
        }

        var ns = previous.Metadata.NamespaceProperty ?? string.Empty;
        if (_byNamespace.TryGetValue(ns, out var keys) && keys.Remove(key) && keys.Count == 0)
        {
            _byNamespace.Remove(ns);
        }

        foreach (var index in _indexes.Values)
        {
            index.Remove(key, previous);
        }

        return previous;
    }

    /// <summary>One named index: indexed value → keys of the objects that have it.</summary>
    private sealed class Index(Func<T, IEnumerable<string>> indexFunc)
    {
        private readonly Dictionary<string, HashSet<string>> _keys = new(StringComparer.Ordinal);

        public HashSet<string>? Keys(string value) => _keys.GetValueOrDefault(value);

        public void Add(string key, T obj) => Add(key, indexFunc(obj));

        public void Remove(string key, T obj) => Remove(key, indexFunc(obj));

        public void Update(string key, T previous, T obj)
        {
            string[] before = [.. indexFunc(previous)];
            string[] after = [.. indexFunc(obj)];

            // Most index functions return the same values before and after an update: skip the churn.
            if (before.AsSpan().SequenceEqual(after))
            {
                return;
            }

            Remove(key, before);
            Add(key, after);
        }

        private void Add(string key, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                if (!_keys.TryGetValue(value, out var keys))
                {
                    _keys.Add(value, keys = new HashSet<string>(StringComparer.Ordinal));
                }

                keys.Add(key);
            }
        }

        private void Remove(string key, IEnumerable<string> values)
        {
            foreach (var value in values)
            {
                if (_keys.TryGetValue(value, out var keys) && keys.Remove(key) && keys.Count == 0)
                {
                    _keys.Remove(value);
                }
            }
        }
    }
}
