using Clusternet.Clients;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusternet.Caching;

/// <summary>
/// Hands out one shared informer per resource type and namespace, and starts, syncs and stops them together,
/// so that controllers watching the same resource share one watch and one cache.
/// </summary>
/// <remarks>
/// As a hosted service (<c>services.AddHostedService(sp =&gt; factory)</c>) it starts every informer when the host
/// starts and stops them when it stops. Informers asked for after the factory started are started at once.
/// </remarks>
/// <param name="defaultOptions">The options of informers asked for without their own.</param>
/// <param name="timeProvider">The clock of backoffs, watch timeouts and resyncs.</param>
/// <param name="loggerFactory">Where informers log.</param>
public sealed class SharedInformerFactory(
    SharedInformerOptions? defaultOptions = null,
    TimeProvider? timeProvider = null,
    ILoggerFactory? loggerFactory = null) : IHostedService, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(Type Type, string Namespace), IInformer> _informers = [];
    private bool _started;

    /// <summary>
    /// The informer of <typeparamref name="T"/> in <paramref name="client"/>'s namespace (all namespaces when it has
    /// none), created over <paramref name="client"/> on first request. <paramref name="options"/> apply only then.
    /// </summary>
    public SharedInformer<T> GetInformer<T, TList>(IResourceClient<T, TList> client, SharedInformerOptions? options = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        ArgumentNullException.ThrowIfNull(client);
        var key = (typeof(T), client.Namespace ?? string.Empty);
        lock (_lock)
        {
            if (_informers.TryGetValue(key, out var existing))
            {
                return ((Informer<T>)existing).Value;
            }

            var informer = SharedInformer.Create(client, options ?? defaultOptions, timeProvider, loggerFactory);
            _informers.Add(key, new Informer<T>(informer));
            if (_started)
            {
                _ = informer.StartAsync(CancellationToken.None);
            }

            return informer;
        }
    }

    /// <summary>Starts every informer handed out so far, and every one handed out later as it is created; returns at once.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        IInformer[] toStart;
        lock (_lock)
        {
            toStart = _started ? [] : [.. _informers.Values];
            _started = true;
        }

        foreach (var informer in toStart)
        {
            await informer.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits until every informer handed out so far has synced; false if one stopped first.</summary>
    public async Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken = default)
    {
        IInformer[] informers;
        lock (_lock)
        {
            informers = [.. _informers.Values];
        }

        var synced = await Task.WhenAll(informers.Select(i => i.WaitForCacheSyncAsync(cancellationToken))).ConfigureAwait(false);
        return synced.All(s => s);
    }

    /// <summary>Stops every informer and waits for them.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        IInformer[] informers;
        lock (_lock)
        {
            informers = [.. _informers.Values];
        }

        return Task.WhenAll(informers.Select(i => i.StopAsync(cancellationToken)));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => new(StopAsync(CancellationToken.None));

    /// <summary>An informer of any type, for starting and stopping them together.</summary>
    private interface IInformer
    {
        Task StartAsync(CancellationToken cancellationToken);

        Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken);

        Task StopAsync(CancellationToken cancellationToken);
    }

    private sealed class Informer<T>(SharedInformer<T> value) : IInformer
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        public SharedInformer<T> Value { get; } = value;

        public Task StartAsync(CancellationToken cancellationToken) => Value.StartAsync(cancellationToken);

        public Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken) => Value.WaitForCacheSyncAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Value.StopAsync(cancellationToken);
    }
}
