using System.Diagnostics.Metrics;

namespace Clusternet.Caching;

/// <summary>
/// The informers' instruments, in the meter <c>Clusternet.Client.Informers</c>, each tagged with the
/// resource's type name. Adding to a counter nobody listens to costs a few nanoseconds.
/// </summary>
internal static class InformerMetrics
{
    public const string MeterName = "Clusternet.Client.Informers";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Watch events (ADDED, MODIFIED, DELETED) applied to a cache.</summary>
    public static readonly Counter<long> EventsApplied = Meter.CreateCounter<long>(
        "clusternet.informer.events_applied", "{event}", "Watch events applied to informer caches.");

    /// <summary>Lists that replaced a cache: the first one and every re-list after an expiry or an error.</summary>
    public static readonly Counter<long> Lists = Meter.CreateCounter<long>(
        "clusternet.informer.lists", "{list}", "Lists that replaced an informer cache.");

    /// <summary>Watches reopened from the last resourceVersion without a list.</summary>
    public static readonly Counter<long> WatchRestarts = Meter.CreateCounter<long>(
        "clusternet.informer.watch_restarts", "{watch}", "Watches resumed from the last resourceVersion.");
}
