using Clusternet.Clients;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.Caching;

/// <summary>Creates informers.</summary>
public static class SharedInformer
{
    /// <summary>
    /// Creates an informer over <paramref name="client"/>: it caches every object the client lists (in the client's
    /// namespace, or all namespaces) and keeps the cache current through a watch. Prefer
    /// <see cref="SharedInformerFactory.GetInformer{T, TList}"/>, which shares one informer among controllers.
    /// </summary>
    public static SharedInformer<T> Create<T, TList>(
        IResourceClient<T, TList> client,
        SharedInformerOptions? options = null,
        TimeProvider? timeProvider = null,
        ILoggerFactory? loggerFactory = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        return new SharedInformer<T>(new ResourceClientListWatch<T, TList>(client), options, timeProvider, loggerFactory);
    }
}

/// <summary>
/// A cache of one resource kept current by list and watch, which tells handlers about every change: client-go's
/// shared index informer. One informer per resource serves any number of handlers and readers.
/// </summary>
/// <remarks>
/// <para>
/// The informer lists every object (in pages), replaces its cache with the result, then watches from the list's
/// resourceVersion. A watch that ends is reopened from the last resourceVersion seen (BOOKMARK events keep it
/// fresh); when the server says that resourceVersion expired (410), the informer lists again and reports the
/// difference to the handlers: adds, updates of objects whose resourceVersion changed, and deletions of objects
/// no longer listed (as tombstones, <c>finalStateUnknown: true</c>). Other failures are retried after an
/// exponential, jittered backoff.
/// </para>
/// <para>
/// It implements <see cref="IHostedService"/>: register it with
/// <c>services.AddHostedService(sp =&gt; informer)</c>, or start it yourself with <see cref="StartAsync"/> or <see cref="RunAsync"/>.
/// </para>
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
public sealed partial class SharedInformer<T> : IHostedService, IAsyncDisposable
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly IListWatch<T> _source;
    private readonly SharedInformerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _resource = typeof(T).Name;
    private readonly Store<T> _store = new();

    // Held while a change is applied to the store and posted to the handlers, and while a handler is added, so
    // that a handler added at any moment sees each change exactly once: in its replay of the cache or as an event.
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource<bool> _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ProcessorListener<T>[] _listeners = [];
    private volatile string? _lastSyncResourceVersion;
    private volatile bool _hasSynced;
    private Task? _run;
    private bool _stopped;

    internal SharedInformer(IListWatch<T> source, SharedInformerOptions? options, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
    {
        _source = source;
        _options = options ?? new SharedInformerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.ResyncPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.PageSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MinWatchTimeout, TimeSpan.FromSeconds(1));
        _time = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Clusternet.Caching.SharedInformer");
    }

    /// <summary>Reads the cache. The objects are shared: do not mutate them.</summary>
    public ILister<T> Lister => _store;

    /// <summary>True once the first list has been stored (and stays true).</summary>
    public bool HasSynced => _hasSynced;

    /// <summary>The resourceVersion of the last list, watch event or bookmark applied; null before the first list.</summary>
    public string? LastSyncResourceVersion => _lastSyncResourceVersion;

    /// <summary>The namespace the informer caches, or null for cluster-scoped kinds and all namespaces.</summary>
    public string? Namespace => _source.Namespace;

    /// <summary>Adds a named index to the cache (see <see cref="Store{T}.AddIndexer"/>); read it with <see cref="ILister{T}.ByIndex"/>.</summary>
    public void AddIndexer(string name, Func<T, IEnumerable<string>> indexFunc)
    {
        lock (_gate)
        {
            _store.AddIndexer(name, indexFunc);
        }
    }

    /// <summary>
    /// Adds a handler. On a running informer it first receives an add (<c>isInInitialList: true</c>) for every
    /// cached object, then the changes that follow. Dispose the registration to remove it.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The informer was stopped.</exception>
    public ResourceEventHandlerRegistration AddEventHandler(IResourceEventHandler<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new ResourceEventHandlerRegistration(RemoveEventHandler);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            var listener = new ProcessorListener<T>(handler, registration, _resource, _logger, _stopping.Token);
            if (_hasSynced)
            {
                _store.ForEach(obj => listener.Add(obj, isInInitialList: true));
                listener.Synced();
            }

            _listeners = [.. _listeners, listener];
        }

        return registration;
    }

    /// <summary>Waits until the first list has been stored. Returns false if the informer stopped first.</summary>
    public Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken = default)
        => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>Starts listing and watching in the background and returns at once. An informer starts once.</summary>
    /// <exception cref="InvalidOperationException">The informer was started before.</exception>
    /// <exception cref="ObjectDisposedException">The informer was stopped.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_run is not null)
            {
                throw new InvalidOperationException("The informer is already started.");
            }

            _run = RunLoopsAsync(_stopping.Token);
        }

        return Task.CompletedTask;
    }

    /// <summary>Starts the informer and runs it until <paramref name="cancellationToken"/> is cancelled, then stops it.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellationToken.Register(() => stopped.TrySetResult()).ConfigureAwait(false))
        {
            await stopped.Task.ConfigureAwait(false);
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops the watch, the resync and every handler's delivery (notifications not yet delivered are dropped) and
    /// waits for them; <paramref name="cancellationToken"/> gives up waiting for a handler that does not return.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ProcessorListener<T>[] listeners;
        Task? run;
        lock (_gate)
        {
            _stopped = true;
            listeners = _listeners;
            run = _run;
        }

        // Cancelled outside the gate: cancellation runs continuations of the watch loop inline.
        await _stopping.CancelAsync().ConfigureAwait(false);

        _synced.TrySetResult(false);
        if (run is not null)
        {
            await run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        await Task.WhenAll(listeners.Select(l => l.StopAsync(cancellationToken))).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private void RemoveEventHandler(ResourceEventHandlerRegistration registration)
    {
        ProcessorListener<T>? removed;
        lock (_gate)
        {
            removed = Array.Find(_listeners, l => l.Registration == registration);
            _listeners = [.. _listeners.Where(l => l != removed)];
        }

        removed?.StopAsync(CancellationToken.None);
    }

    private async Task RunLoopsAsync(CancellationToken stopping)
    {
        // Off the caller's thread: StartAsync returns at once, as a hosted service's must.
        await Task.Yield();
        var resync = _options.ResyncPeriod > TimeSpan.Zero ? RunResyncAsync(stopping) : Task.CompletedTask;
        await Task.WhenAll(RunListWatchAsync(stopping), resync).ConfigureAwait(false);
    }
}
