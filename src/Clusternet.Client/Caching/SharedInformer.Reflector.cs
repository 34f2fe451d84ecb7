using Clusternet.Clients;
using k8s;

namespace Clusternet.Caching;

// The list-and-watch loop (client-go's reflector) and the resync timer.
public sealed partial class SharedInformer<T>
{
    // A watch that ends normally this soon without a single event is treated as a failure, so that a server
    // that closes watches at once is not hammered in a tight loop.
    private static readonly TimeSpan ShortWatch = TimeSpan.FromSeconds(1);

    private async Task RunListWatchAsync(CancellationToken stopping)
    {
        var backoff = new Backoff(_options.InitialBackoff, _options.MaxBackoff);
        var mustList = true;
        var resumed = false;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (mustList)
                {
                    await ListAndReplaceAsync(stopping).ConfigureAwait(false);
                    mustList = false;
                    resumed = false;
                    backoff.Reset();
                }

                if (resumed)
                {
                    InformerMetrics.WatchRestarts.Add(1, new KeyValuePair<string, object?>("resource", _resource));
                }

                resumed = true;
                var started = _time.GetTimestamp();
                var events = await WatchAsync(stopping).ConfigureAwait(false);
                if (events == 0 && _time.GetElapsedTime(started) < ShortWatch)
                {
                    throw new IOException("The watch ended at once without any event.");
                }

                backoff.Reset();
                InformerLog.WatchEnded(_logger, _resource, _lastSyncResourceVersion);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ExpiredException) when (!mustList)
            {
                // The resume point fell out of the server's history window: only a list can tell what changed.
                InformerLog.Expired(_logger, _resource, _lastSyncResourceVersion);
                mustList = true;
            }
            catch (Exception ex)
            {
                // A list that failed is retried as a list; a watch that failed resumes from the last resourceVersion,
                // unless the server sent an ERROR event, after which the resume point cannot be trusted.
                mustList |= ex is WatchErrorException;
                var delay = backoff.Next();
                InformerLog.ListWatchFailed(_logger, _resource, delay, ex);
                try
                {
                    await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ListAndReplaceAsync(CancellationToken stopping)
    {
        // Pages are read at the snapshot of the first one (the continue token carries it), so together they are one
        // consistent list at the resourceVersion of the last page's metadata.
        var items = new List<T>();
        string? resourceVersion = null;
        string? continueToken = null;
        do
        {
            var page = await _source.ListAsync(
                new ListOptions
                {
                    LabelSelector = _options.LabelSelector,
                    FieldSelector = _options.FieldSelector,
                    Limit = _options.PageSize,
                    Continue = continueToken,
                },
                stopping).ConfigureAwait(false);
            items.AddRange(_options.StripManagedFields ? page.Items.Select(Stripped) : page.Items);
            resourceVersion = page.ResourceVersion;
            continueToken = page.Continue;
        }
        while (!string.IsNullOrEmpty(continueToken));

        InformerMetrics.Lists.Add(1, new KeyValuePair<string, object?>("resource", _resource));
        lock (_gate)
        {
            stopping.ThrowIfCancellationRequested();
            var initial = !_hasSynced;
            var listeners = _listeners;
            _store.Replace(
                items,
                resourceVersion,
                (previous, obj) =>
                {
                    if (previous is null)
                    {
                        foreach (var listener in listeners)
                        {
                            listener.Add(obj, initial);
                        }
                    }
                    else if (previous.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                    {
                        foreach (var listener in listeners)
                        {
                            listener.Update(previous, obj);
                        }
                    }
                },
                previous =>
                {
                    foreach (var listener in listeners)
                    {
                        listener.Delete(previous, finalStateUnknown: true);
                    }
                });
            _lastSyncResourceVersion = resourceVersion;
            if (initial)
            {
                _hasSynced = true;
                foreach (var listener in listeners)
                {
                    listener.Synced();
                }
            }
        }

        _synced.TrySetResult(true);
        InformerLog.Listed(_logger, _resource, items.Count, resourceVersion);
    }

    /// <summary>Runs one watch request to its end; returns how many events it carried.</summary>
    private async Task<int> WatchAsync(CancellationToken stopping)
    {
        var min = _options.MinWatchTimeout.TotalSeconds;
        var options = new WatchOptions
        {
            LabelSelector = _options.LabelSelector,
            FieldSelector = _options.FieldSelector,
            ResourceVersion = _lastSyncResourceVersion,
            AllowWatchBookmarks = true,
            TimeoutSeconds = (int)(min + (Random.Shared.NextDouble() * min)),
        };

        var count = 0;
        await foreach (var e in _source.WatchAsync(options, stopping).WithCancellation(stopping).ConfigureAwait(false))
        {
            count++;
            switch (e.Type)
            {
                case WatchEventType.Added:
                case WatchEventType.Modified:
                    Apply(_options.StripManagedFields ? Stripped(e.Object) : e.Object, deleted: false);
                    break;
                case WatchEventType.Deleted:
                    Apply(_options.StripManagedFields ? Stripped(e.Object) : e.Object, deleted: true);
                    break;
                case WatchEventType.Bookmark:
                    _lastSyncResourceVersion = e.Object.Metadata?.ResourceVersion ?? _lastSyncResourceVersion;
                    break;
                default:
                    throw new WatchErrorException($"The watch of {_resource} sent an {e.Type} event.");
            }
        }

        return count;
    }

    // The object was decoded for this informer alone, so it is changed in place rather than copied.
    private static T Stripped(T obj)
    {
        if (obj.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return obj;
    }

    private void Apply(T obj, bool deleted)
    {
        lock (_gate)
        {
            var listeners = _listeners;
            if (deleted)
            {
                // A DELETED event for an object the cache never had (deleted twice, or filtered) tells handlers nothing.
                if (_store.Delete(CacheKey.Of(obj)) is not null)
                {
                    foreach (var listener in listeners)
                    {
                        listener.Delete(obj, finalStateUnknown: false);
                    }
                }
            }
            else if (_store.AddOrUpdate(obj) is { } previous)
            {
                foreach (var listener in listeners)
                {
                    listener.Update(previous, obj);
                }
            }
            else
            {
                foreach (var listener in listeners)
                {
                    listener.Add(obj, isInInitialList: false);
                }
            }

            _lastSyncResourceVersion = obj.Metadata.ResourceVersion;
        }

        InformerMetrics.EventsApplied.Add(1, new KeyValuePair<string, object?>("resource", _resource));
    }

    private async Task RunResyncAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (!_hasSynced)
                {
                    continue;
                }

                var count = 0;
                lock (_gate)
                {
                    var listeners = _listeners;
                    _store.ForEach(obj =>
                    {
                        count++;
                        foreach (var listener in listeners)
                        {
                            listener.Update(obj, obj);
                        }
                    });
                }

                InformerLog.Resynced(_logger, _resource, count);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>The server sent an ERROR watch event other than the 410 the client turns into <see cref="ExpiredException"/>.</summary>
    private sealed class WatchErrorException(string message) : Exception(message);
}
