using Microsoft.Extensions.Logging;

namespace Clusternet.Clients;

/// <summary>Log messages of the resuming watch.</summary>
internal static partial class WatchLog
{
    [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Reopening the watch of {Resource} from resourceVersion {ResourceVersion} in {Delay}: {Reason}")]
    public static partial void Reopening(ILogger logger, string resource, string? resourceVersion, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "The watch of {Resource} expired at resourceVersion {ResourceVersion}; re-listing: {Message}")]
    public static partial void Expired(ILogger logger, string resource, string? resourceVersion, string message);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Listed {Count} {Resource} at resourceVersion {ResourceVersion}")]
    public static partial void Relisted(ILogger logger, string resource, int count, string? resourceVersion);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Listing {Resource} for the watch failed; retrying in {Delay}: {Message}")]
    public static partial void RelistFailed(ILogger logger, string resource, TimeSpan delay, string message);
}
