using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

/// <summary>
/// An in-memory API server for one resource (ConfigMaps): a global resourceVersion, paged lists, a history of
/// events that can be compacted (then older resume points answer 410 Expired), bookmarks, and watches the test
/// can end normally or break with an IOException.
/// </summary>
internal sealed class FakeResourceServer : IResourceClient<V1ConfigMap, V1ConfigMapList>
{
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, V1ConfigMap> _objects = new(StringComparer.Ordinal);
    private readonly List<(long ResourceVersion, WatchEvent<V1ConfigMap> Event)> _history = [];
    private readonly List<Channel<WatchEvent<V1ConfigMap>>> _watches = [];
    private readonly Channel<WatchOptions> _watchesOpened = Channel.CreateUnbounded<WatchOptions>();
    private long _resourceVersion;
    private long _compactedThrough;

    public FakeResourceServer(string? @namespace = null) => Namespace = @namespace;

    public string? Namespace { get; }

    /// <summary>When set, every list call waits for it first.</summary>
    public TaskCompletionSource? ListGate { get; set; }

    public TaskCompletionSource ListStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ListCalls { get; private set; }

    public int OpenWatches
    {
        get
        {
            lock (_lock)
            {
                return _watches.Count;
            }
        }
    }

    public string ResourceVersion
    {
        get
        {
            lock (_lock)
            {
                return _resourceVersion.ToString();
            }
        }
    }

    /// <summary>Creates or modifies a ConfigMap in <c>default</c>, as a new instance with a new resourceVersion.</summary>
    public V1ConfigMap Put(string name, string value = "v")
    {
        lock (_lock)
        {
            var key = CacheKeyOf(name);
            var type = _objects.ContainsKey(key) ? WatchEventType.Modified : WatchEventType.Added;
            var obj = NewConfigMap(name, value, ++_resourceVersion);
            _objects[key] = obj;
            Publish(type, obj);
            return obj;
        }
    }

    public V1ConfigMap Remove(string name)
    {
        lock (_lock)
        {
            _objects.Remove(CacheKeyOf(name), out var existing);
            var obj = NewConfigMap(name, existing!.Data["k"], ++_resourceVersion);
            Publish(WatchEventType.Deleted, obj);
            return obj;
        }
    }

    /// <summary>Moves the resourceVersion on, as writes to other resources do, and sends a BOOKMARK of it to every watch.</summary>
    public string Bookmark()
    {
        lock (_lock)
        {
            var bookmark = new V1ConfigMap { Metadata = new V1ObjectMeta { ResourceVersion = (++_resourceVersion).ToString() } };
            foreach (var watch in _watches)
            {
                watch.Writer.TryWrite(new WatchEvent<V1ConfigMap>(WatchEventType.Bookmark, bookmark));
            }

            return bookmark.Metadata.ResourceVersion;
        }
    }

    /// <summary>Forgets the history: a watch from any earlier resourceVersion now answers 410 Expired.</summary>
    public void Compact()
    {
        lock (_lock)
        {
            _compactedThrough = _resourceVersion;
            _history.Clear();
        }
    }

    /// <summary>Ends every open watch as a server does when its timeout passes.</summary>
    public void EndWatches() => CloseWatches(null);

    /// <summary>Breaks every open watch, as a dropped connection does.</summary>
    public void BreakWatches() => CloseWatches(new IOException("connection reset"));

    /// <summary>Waits for the next watch request and returns its options.</summary>
    public async Task<WatchOptions> NextWatchAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _watchesOpened.Reader.ReadAsync(timeout.Token);
    }

    public async Task<V1ConfigMapList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        ListStarted.TrySetResult();
        if (ListGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            ListCalls++;
            var offset = options?.Continue is { } token ? int.Parse(token) : 0;
            var limit = options?.Limit ?? int.MaxValue;
            var page = _objects.Values.Skip(offset).Take(limit).ToList();
            var next = offset + page.Count < _objects.Count ? (offset + page.Count).ToString() : null;
            return new V1ConfigMapList
            {
                Metadata = new V1ListMeta { ResourceVersion = _resourceVersion.ToString(), ContinueProperty = next },
                Items = page,
            };
        }
    }

    public async IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchStreamAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<WatchEvent<V1ConfigMap>>();
        lock (_lock)
        {
            var from = long.Parse(options.ResourceVersion ?? "0");
            if (from < _compactedThrough)
            {
                throw new ExpiredException(HttpStatusCode.Gone, new V1Status { Code = 410, Reason = "Expired", Message = $"too old resource version: {from} ({_compactedThrough})" });
            }

            foreach (var (resourceVersion, e) in _history)
            {
                if (resourceVersion > from)
                {
                    channel.Writer.TryWrite(e);
                }
            }

            _watches.Add(channel);
        }

        _watchesOpened.Writer.TryWrite(options);
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watches.Remove(channel);
            }
        }
    }

    public static V1ConfigMap NewConfigMap(string name, string value, long resourceVersion, string @namespace = "default") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            ResourceVersion = resourceVersion.ToString(),
            Uid = $"uid-{name}",
        },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    private static string CacheKeyOf(string name) => $"default/{name}";

    private void Publish(WatchEventType type, V1ConfigMap obj)
    {
        var e = new WatchEvent<V1ConfigMap>(type, obj);
        _history.Add((_resourceVersion, e));
        foreach (var watch in _watches)
        {
            watch.Writer.TryWrite(e);
        }
    }

    private void CloseWatches(Exception? error)
    {
        lock (_lock)
        {
            foreach (var watch in _watches)
            {
                watch.Writer.TryComplete(error);
            }

            _watches.Clear();
        }
    }

    public Task<V1ConfigMap> GetAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<V1ConfigMap> ListAllAsync(ListOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchAsync(WatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<V1ConfigMap> CreateAsync(V1ConfigMap item, WriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<V1ConfigMap> UpdateAsync(V1ConfigMap item, WriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<V1ConfigMap> UpdateStatusAsync(V1ConfigMap item, WriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<V1ConfigMap> PatchAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<V1ConfigMap> PatchStatusAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<V1ConfigMap?> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task DeleteCollectionAsync(ListOptions? listOptions = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
