using System.Collections.Frozen;
using Clusternet.ControlPlane.Storage;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The aggregator's in-process view of every APIService, kept by list and watch on the server's own storage (as
/// kube-aggregator keeps an informer): a request consults an immutable snapshot without touching storage.
/// </summary>
internal sealed partial class ApiServiceIndex(IObjectStore store, ILogger logger)
{
    /// <summary>Where APIService objects live in storage.</summary>
    public const string StorageResource = "apiservices.apiregistration.k8s.io";

    private volatile ApiServiceSnapshot current = ApiServiceSnapshot.Empty;

    /// <summary>Raised after the snapshot changed.</summary>
    public event EventHandler? Changed;

    /// <summary>The APIServices as of the last event seen.</summary>
    public ApiServiceSnapshot Current => current;

    /// <summary>Lists once, so the first requests already see stored APIServices, then follows changes until cancelled.</summary>
    public async Task<Task> StartAsync(CancellationToken stopping)
    {
        var resourceVersion = await RelistAsync(stopping).ConfigureAwait(false);
        return Task.Run(() => FollowAsync(resourceVersion, stopping), CancellationToken.None);
    }

    private async Task<long> RelistAsync(CancellationToken cancellationToken)
    {
        var list = await store.ListAsync(StorageResource, null, new ListRequest(), cancellationToken).ConfigureAwait(false);
        Publish(list.Items.Select(ApiServiceRoute.From).OfType<ApiServiceRoute>().ToDictionary(r => r.Name, StringComparer.Ordinal));
        return list.ResourceVersion;
    }

    private async Task FollowAsync(long resourceVersion, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await foreach (var change in store.WatchAsync(StorageResource, null, resourceVersion, stopping).ConfigureAwait(false))
                {
                    resourceVersion = change.ResourceVersion;
                    var routes = current.ByName.ToDictionary(StringComparer.Ordinal);
                    routes.Remove(change.Key.Name);
                    if (change.Type != StoreEventType.Deleted && ApiServiceRoute.From(change.Object) is { } route)
                    {
                        routes[route.Name] = route;
                    }

                    Publish(routes);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Fell out of the history window or the store hiccupped: start again from a fresh list.
                LogWatchRestarted(logger, e);
                try
                {
                    resourceVersion = await RelistAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception)
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stopping).ConfigureAwait(false);
                }
            }
        }
    }

    private void Publish(Dictionary<string, ApiServiceRoute> routes)
    {
        current = new ApiServiceSnapshot(current.Generation + 1, routes.ToFrozenDictionary(StringComparer.Ordinal));
        Changed?.Invoke(this, EventArgs.Empty);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "the APIService watch ended; listing again")]
    private static partial void LogWatchRestarted(ILogger logger, Exception exception);
}

/// <summary>One immutable view of the APIServices, indexed for the request path.</summary>
internal sealed class ApiServiceSnapshot
{
    private readonly FrozenDictionary<(string Group, string Version), ApiServiceRoute> byGroupVersion;

    public ApiServiceSnapshot(long generation, FrozenDictionary<string, ApiServiceRoute> byName)
    {
        Generation = generation;
        ByName = byName;
        byGroupVersion = byName.Values
            .GroupBy(r => (r.Group, r.Version))
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(r => r.Name, StringComparer.Ordinal).First());
        Remote = [.. byName.Values.Where(r => r.Service is not null).OrderBy(r => r.Name, StringComparer.Ordinal)];
        RemoteGroups = Remote.Select(r => r.Group).ToFrozenSet(StringComparer.Ordinal);
    }

    public static ApiServiceSnapshot Empty { get; } = new(0, FrozenDictionary<string, ApiServiceRoute>.Empty);

    /// <summary>Increases with every change.</summary>
    public long Generation { get; }

    public FrozenDictionary<string, ApiServiceRoute> ByName { get; }

    /// <summary>The APIServices with a backend service, by name.</summary>
    public IReadOnlyList<ApiServiceRoute> Remote { get; }

    /// <summary>The groups that have at least one backend-served version.</summary>
    public FrozenSet<string> RemoteGroups { get; }

    /// <summary>The APIService that owns a group-version, if any.</summary>
    public ApiServiceRoute? Find(string group, string version) =>
        byGroupVersion.TryGetValue((group, version), out var route) ? route : null;
}
