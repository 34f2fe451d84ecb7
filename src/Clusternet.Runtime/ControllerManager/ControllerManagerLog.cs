using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager;

/// <summary>Source-generated log messages of the controller manager; event ids 5400–5499.</summary>
internal static partial class ControllerManagerLog
{
    [LoggerMessage(5400, LogLevel.Warning, "{Controller}: reconciling {Key} failed; retrying with backoff")]
    public static partial void ReconcileFailed(ILogger logger, string controller, string key, Exception error);

    [LoggerMessage(5401, LogLevel.Information, "Controller manager {Identity} is leading; starting controllers")]
    public static partial void StartedLeading(ILogger logger, string identity);

    [LoggerMessage(5402, LogLevel.Warning, "Controller manager {Identity} lost leadership; stopping controllers")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(5403, LogLevel.Warning, "Leader election error")]
    public static partial void LeaderElectionError(ILogger logger, Exception error);

    [LoggerMessage(5410, LogLevel.Information, "Registration request {Name} approved: cluster {ClusterId} in namespace {Namespace} as ManagedCluster {ManagedCluster}")]
    public static partial void Approved(ILogger logger, string name, string clusterId, string @namespace, string managedCluster);

    [LoggerMessage(5411, LogLevel.Warning, "Registration request {Name} {Result}: {Message}")]
    public static partial void Rejected(ILogger logger, string name, string result, string message);

    [LoggerMessage(5412, LogLevel.Information, "Bootstrap tokens may no longer read registration request {Name}")]
    public static partial void BootstrapReadRevoked(ILogger logger, string name);

    [LoggerMessage(5420, LogLevel.Information, "ManagedCluster {Key} is {Status}: {Reason}")]
    public static partial void ClusterReadiness(ILogger logger, string key, string status, string reason);

    [LoggerMessage(5430, LogLevel.Information, "Registering cluster {Name} from the parent side as cluster {ClusterId}")]
    public static partial void ParentSideRegistering(ILogger logger, string name, string clusterId);

    [LoggerMessage(5431, LogLevel.Warning, "Reporting the status of cluster {Name} failed")]
    public static partial void ParentSideStatusFailed(ILogger logger, string name, Exception error);
}
