using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>The shadow API's log messages.</summary>
internal static partial class ShadowLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Shadow API mirrors {Count} resources of the parent")]
    public static partial void Mirroring(ILogger logger, int count);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Shadow API {Change} custom resource {Resource}")]
    public static partial void CustomResourceChanged(ILogger logger, string change, string resource);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Watch of the parent's CustomResourceDefinitions failed; listing again")]
    public static partial void CrdWatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Discovery of group version {GroupVersion} failed with {StatusCode}; its resources are not mirrored")]
    public static partial void DiscoveryFailed(ILogger logger, string groupVersion, int statusCode);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Created the reserved namespace {Namespace}")]
    public static partial void ReservedNamespaceCreated(ILogger logger, string @namespace);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Shadow watch of {Resource} ended: {Reason}")]
    public static partial void WatchEnded(ILogger logger, string resource, string reason);
}
