using Microsoft.Extensions.Logging;

namespace Clusternet.Caching;

/// <summary>The informers' log messages (event ids 4100–4119).</summary>
internal static partial class InformerLog
{
    [LoggerMessage(4100, LogLevel.Debug, "Informer for {Resource} listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(4101, LogLevel.Debug, "Informer for {Resource} watch ended; resuming from resourceVersion {ResourceVersion}")]
    public static partial void WatchEnded(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(4102, LogLevel.Information, "Informer for {Resource}: resourceVersion {ResourceVersion} expired; re-listing")]
    public static partial void Expired(ILogger logger, string resource, string? resourceVersion);

    [LoggerMessage(4103, LogLevel.Warning, "Informer for {Resource} failed to list or watch; retrying in {Delay}")]
    public static partial void ListWatchFailed(ILogger logger, string resource, TimeSpan delay, Exception exception);

    [LoggerMessage(4104, LogLevel.Error, "An event handler of the informer for {Resource} threw on {Notification}")]
    public static partial void HandlerFailed(ILogger logger, string resource, string notification, Exception exception);

    [LoggerMessage(4105, LogLevel.Debug, "Informer for {Resource} resynced {Count} objects")]
    public static partial void Resynced(ILogger logger, string resource, int count);
}
