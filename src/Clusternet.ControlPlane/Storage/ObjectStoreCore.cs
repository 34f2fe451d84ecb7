using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// The write path shared by the stores. A write is decided against the newest state (including writes
/// still being committed), given the next resourceVersion, committed to the journal in a batch with its
/// neighbours (group commit), then published to the watch cache, and only then acknowledged. Without a
/// journal, the write is published at once.
/// </summary>
internal sealed class ObjectStoreCore : IObjectStore
{
    /// <summary>The most writes one journal transaction carries.</summary>
    private const int MaxBatch = 1024;

    private readonly WatchCache _cache;
    private readonly IStoreJournal? _journal;
    private readonly Lock _writeLock = new();
    private readonly Dictionary<StorageKey, PendingWrite> _uncommitted = [];
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _committer;
    private long _lastAssigned;
    private bool _disposed;

    public ObjectStoreCore(WatchCache cache, IStoreJournal? journal)
    {
        _cache = cache;
        _journal = journal;
        _lastAssigned = cache.CurrentResourceVersion;
        _committer = journal is null ? Task.CompletedTask : Task.Factory.StartNew(CommitLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>What a write decides from the current state: its kind and how to build the new state for a resourceVersion.</summary>
    private delegate (StoreEventType Type, Func<long, StoreElement> Build)? Decide(StoreElement? current);

    public long CurrentResourceVersion => _cache.CurrentResourceVersion;

    public Task<JsonObject?> GetAsync(StorageKey key, CancellationToken cancellationToken = default)
    {
        key.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_cache.Get(key)?.Parse());
    }

    public Task<ListResult> ListAsync(string resource, string? @namespace, ListRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_cache.List(resource, @namespace, request));
    }

    public async Task<JsonObject> CreateAsync(StorageKey key, JsonObject obj, CancellationToken cancellationToken = default)
    {
        key.Validate();
        ArgumentNullException.ThrowIfNull(obj);
        var e = await WriteAsync(key, current => current is null ? (StoreEventType.Added, rv => StoreElement.From(obj, rv)) : throw new StorageAlreadyExistsException(key), cancellationToken).ConfigureAwait(false);
        return e!.Element.Parse();
    }

    public async Task<JsonObject> UpdateAsync(StorageKey key, JsonObject obj, long? expectedResourceVersion = null, CancellationToken cancellationToken = default)
    {
        key.Validate();
        ArgumentNullException.ThrowIfNull(obj);
        var e = await WriteAsync(key, current =>
        {
            if (current is null)
            {
                throw new StorageNotFoundException(key);
            }

            if (expectedResourceVersion is { } expected && current.ResourceVersion != expected)
            {
                throw Modified(key);
            }

            return (StoreEventType.Modified, rv => StoreElement.From(obj, rv));
        }, cancellationToken).ConfigureAwait(false);
        return e!.Element.Parse();
    }

    public async Task<JsonObject> DeleteAsync(StorageKey key, DeletePreconditions? preconditions = null, CancellationToken cancellationToken = default)
    {
        key.Validate();
        var e = await WriteAsync(key, current =>
        {
            if (current is null)
            {
                throw new StorageNotFoundException(key);
            }

            if (preconditions?.Uid is { } uid && StoredObject.UidOf(current.Parse()) is var actual && actual != uid)
            {
                throw new StorageConflictException(key,
                    $"Precondition failed: UID in precondition: {uid}, UID in object meta: {actual}");
            }

            if (preconditions?.ResourceVersion is { } rv && current.ResourceVersion != rv)
            {
                throw new StorageConflictException(key,
                    $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {current.ResourceVersion}");
            }

            return (StoreEventType.Deleted, current.WithResourceVersion);
        }, cancellationToken).ConfigureAwait(false);
        return e!.Element.Parse();
    }

    public async Task<JsonObject?> GuaranteedUpdateAsync(StorageKey key, Func<JsonObject?, JsonObject?> update, CancellationToken cancellationToken = default)
    {
        key.Validate();
        ArgumentNullException.ThrowIfNull(update);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var seen = Latest(key);
            var desired = update(seen?.Parse());
            if (desired is null)
            {
                return seen?.Parse();
            }

            // A result carrying a resourceVersion other than the one it was computed from was asked for by
            // the caller (a patch with a stale metadata.resourceVersion): that is a conflict, not a race.
            var seenVersion = seen?.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var desiredVersion = StoredObject.ResourceVersionTextOf(desired);
            if (!string.IsNullOrEmpty(desiredVersion) && desiredVersion != seenVersion)
            {
                throw Modified(key);
            }

            var e = await WriteAsync(key, current =>
                !ReferenceEquals(current, seen) ? null
                : (current is null ? StoreEventType.Added : StoreEventType.Modified, rv => StoreElement.From(desired, rv)), cancellationToken).ConfigureAwait(false);
            if (e is not null)
            {
                return e.Element.Parse();
            }
        }
    }

    public IAsyncEnumerable<StoreEvent> WatchAsync(string resource, string? @namespace, long? fromResourceVersion, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);

        // "From now" is fixed at the call, so nothing written between the call and the first read is missed.
        var from = fromResourceVersion is null or 0 ? _cache.CurrentResourceVersion : fromResourceVersion.Value;
        return _cache.Watch(resource, @namespace, from, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _queue.Writer.TryComplete();
        }

        await _committer.ConfigureAwait(false);
        _journal?.Dispose();
        _cache.Dispose();
    }

    private static StorageConflictException Modified(StorageKey key) =>
        new(key, $"Operation cannot be fulfilled on {key}: the object has been modified; please apply your changes to the latest version and try again");

    /// <summary>The newest state of a key, including a write not yet committed; decisions are made against it.</summary>
    private StoreElement? Latest(StorageKey key)
    {
        lock (_writeLock)
        {
            return LatestLocked(key);
        }
    }

    private StoreElement? LatestLocked(StorageKey key) =>
        _uncommitted.TryGetValue(key, out var pending)
            ? pending.Change.Type == StoreEventType.Deleted ? null : pending.Change.Element
            : _cache.Get(key);

    /// <summary>Decides, numbers and queues one write; null when <paramref name="decide"/> declined (a lost race).</summary>
    private Task<StoreChange?> WriteAsync(StorageKey key, Decide decide, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        PendingWrite pending;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var current = LatestLocked(key);
            if (decide(current) is not { } decision)
            {
                return Task.FromResult<StoreChange?>(null);
            }

            // Serializing under the lock keeps resourceVersions in write order; it costs microseconds per KiB.
            var rv = _lastAssigned + 1;
            var e = new StoreChange(decision.Type, key, decision.Build(rv), current);
            _lastAssigned = rv;
            if (_journal is null)
            {
                _cache.Publish([e]);
                return Task.FromResult<StoreChange?>(e);
            }

            pending = new PendingWrite(e);
            _uncommitted[key] = pending;
            _queue.Writer.TryWrite(pending);
        }

        // Cancelling stops the wait only: the write is queued and lands (or fails) regardless.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task CommitLoop()
    {
        var batch = new List<PendingWrite>(MaxBatch);
        var events = new List<StoreChange>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            events.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var p))
            {
                batch.Add(p);
                events.Add(p.Change);
            }

            try
            {
                _journal!.Commit(events);
            }
            catch (Exception error)
            {
                // Queued writes were decided against the failed ones, so they fail too; the rest of the
                // store still reflects the last good commit and new writes are decided against that.
                lock (_writeLock)
                {
                    while (_queue.Reader.TryRead(out var p))
                    {
                        batch.Add(p);
                    }

                    _uncommitted.Clear();
                }

                foreach (var p in batch)
                {
                    p.Done.TrySetException(new IOException("the write could not be made durable", error));
                }

                continue;
            }

            lock (_writeLock)
            {
                _cache.Publish(events);
                foreach (var p in batch)
                {
                    if (_uncommitted.TryGetValue(p.Change.Key, out var newest) && ReferenceEquals(newest, p))
                    {
                        _uncommitted.Remove(p.Change.Key);
                    }
                }
            }

            foreach (var p in batch)
            {
                p.Done.TrySetResult(p.Change);
            }

            try
            {
                _journal.Maintain();
            }
            catch (Exception)
            {
                // Nothing acknowledged depends on it; a broken file fails the next commit instead.
            }
        }
    }

    private sealed class PendingWrite(StoreChange change)
    {
        public StoreChange Change { get; } = change;

        public TaskCompletionSource<StoreChange?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
