using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>The hub's log messages (event ids 5100–5199).</summary>
internal static partial class HubLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Warning, Message = "Could not read kube-system/extension-apiserver-authentication; front-proxy requests are not trusted until it can be read")]
    public static partial void RequestHeaderUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Review on the parent failed for {Path}")]
    public static partial void ReviewFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Forwarding to cluster {ClusterId} failed: {Error}")]
    public static partial void ProxyFailed(ILogger logger, string clusterId, string error, Exception? exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Registered the hub's APIServices in the parent ({Address}:{Port})")]
    public static partial void SelfRegistered(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "Registering the hub in the parent failed; retrying")]
    public static partial void SelfRegistrationFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Debug, Message = "Refused {Method} {Path} for {User}: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string path, string user, string reason);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Information, Message = "Hub peer {PeerId} found at {Host}:{Port}")]
    public static partial void PeerFound(ILogger logger, string peerId, string host, int port);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Information, Message = "Hub peer {PeerId} is gone; its links are closed")]
    public static partial void PeerGone(ILogger logger, string peerId);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Information, Message = "The link to hub peer {PeerId} ended; dialing again in {Delay}")]
    public static partial void PeerLinkRetry(ILogger logger, string peerId, TimeSpan delay, Exception? exception);

    [LoggerMessage(EventId = 5113, Level = LogLevel.Warning, Message = "Writing the hub's peer Lease {Name} failed")]
    public static partial void LeaseFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(EventId = 5114, Level = LogLevel.Warning, Message = "Looking at the hub peer Leases failed")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5115, Level = LogLevel.Information, Message = "Deleted the expired hub peer Lease {Name}")]
    public static partial void ExpiredLeaseDeleted(ILogger logger, string name);
}
