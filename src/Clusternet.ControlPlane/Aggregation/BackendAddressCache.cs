using System.Collections.Concurrent;
using Clusternet.ControlPlane.Storage;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The ready addresses of each backend Service the aggregator proxies to, kept between requests as kube-aggregator
/// keeps Service and Endpoints listers: reading and parsing the Service and its Endpoints from storage took about
/// 0.1 ms of every proxied request. Services, Endpoints and EndpointSlices are watched; any change to any of them
/// makes every kept answer stale (they change rarely, and a miss costs only the reads it saves), and while a watch is
/// not running nothing is kept at all.
/// </summary>
internal sealed partial class BackendAddressCache(IObjectStore store, ILogger logger)
{
    private static readonly string[] Watched = ["services", "endpoints", "endpointslices.discovery.k8s.io"];

    private readonly ConcurrentDictionary<ServiceReference, Entry> entries = new();

    // Bumped by every change seen and every watch (re)start; an entry is good only for the generation it was read in.
    private long generation;
    private int watching;

    /// <summary>Raised with the changed object's key after a change to a Service, Endpoints or EndpointSlice was taken into account.</summary>
    public event EventHandler<StorageKey>? Invalidated;

    /// <summary>Whether all watches run, so that kept answers are used.</summary>
    public bool Following => Volatile.Read(ref watching) == Watched.Length;

    /// <summary>One ready address of the Service, from what is kept or else from storage.</summary>
    public async ValueTask<BackendAddress> ResolveAsync(ServiceReference reference, CancellationToken cancellationToken)
    {
        var seen = Volatile.Read(ref generation);
        if (Following && entries.TryGetValue(reference, out var kept) && kept.Generation == seen)
        {
            return kept.Candidates.Pick();
        }

        var candidates = await BackendResolver.CandidatesAsync(store, reference, cancellationToken).ConfigureAwait(false);

        // Read at generation `seen`: a change seen since then has already bumped it, so the entry is never used.
        entries[reference] = new Entry(seen, candidates);
        return candidates.Pick();
    }

    /// <summary>Follows the three resources until <paramref name="stopping"/>.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        Task.WhenAll(Watched.Select(resource => Task.Run(() => FollowAsync(resource, stopping), CancellationToken.None)));

    private async Task FollowAsync(string resource, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var counted = false;
            try
            {
                // Start from a listed resourceVersion so that nothing written between the list and the watch is missed;
                // the bump afterwards retires whatever was read while this watch was not running.
                var list = await store.ListAsync(resource, null, new ListRequest { Limit = 1 }, stopping).ConfigureAwait(false);
                Invalidate();
                Interlocked.Increment(ref watching);
                counted = true;
                await foreach (var change in store.WatchAsync(resource, null, list.ResourceVersion, stopping).ConfigureAwait(false))
                {
                    Invalidate();
                    Invalidated?.Invoke(this, change.Key);
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogWatchRestarted(logger, resource, e);
            }
            finally
            {
                if (counted)
                {
                    Interlocked.Decrement(ref watching);
                    Invalidate();
                }
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "the aggregator's watch of {Resource} ended; starting again")]
    private static partial void LogWatchRestarted(ILogger logger, string resource, Exception exception);

    private sealed record Entry(long Generation, BackendCandidates Candidates);
}
