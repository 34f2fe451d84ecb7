using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>Source-generated log messages of the agent; event ids 5400–5499.</summary>
internal static partial class AgentLog
{
    [LoggerMessage(5400, LogLevel.Information, "Agent {Identity} leads through Lease {Namespace}/{Name}")]
    public static partial void StartedLeading(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(5401, LogLevel.Warning, "Agent {Identity} lost leadership; its work is stopped")]
    public static partial void StoppedLeading(ILogger logger, string identity);

    [LoggerMessage(5402, LogLevel.Warning, "Leader-election Lease {Namespace}/{Name} could not be read or written")]
    public static partial void LeaseFailed(ILogger logger, string @namespace, string name, Exception error);

    [LoggerMessage(5415, LogLevel.Error, "The agent's work failed; campaigning again")]
    public static partial void WorkFailed(ILogger logger, Exception error);

    [LoggerMessage(5403, LogLevel.Information, "Cluster id is {ClusterId}")]
    public static partial void ClusterIdentified(ILogger logger, string clusterId);

    [LoggerMessage(5404, LogLevel.Warning, "No parent CA is configured: registration with {ParentUrl} does not verify the parent's TLS certificate")]
    public static partial void InsecureBootstrap(ILogger logger, Uri parentUrl);

    [LoggerMessage(5405, LogLevel.Information, "Registration request {Name} sent to {ParentUrl}")]
    public static partial void RequestSent(ILogger logger, string name, Uri parentUrl);

    [LoggerMessage(5406, LogLevel.Error, "The parent refused the registration of cluster {ClusterId}: {Message}")]
    public static partial void RegistrationRefused(ILogger logger, string clusterId, string message);

    [LoggerMessage(5407, LogLevel.Error, "The parent answered registration request {Name} with {Result}: {Message}")]
    public static partial void RegistrationDenied(ILogger logger, string name, string result, string? message);

    [LoggerMessage(5408, LogLevel.Information, "Cluster {ClusterId} registered as {ClusterName} in namespace {Namespace}")]
    public static partial void Registered(ILogger logger, string clusterId, string clusterName, string @namespace);

    [LoggerMessage(5409, LogLevel.Warning, "The stored parent credentials failed; registering again with the bootstrap token")]
    public static partial void StoredCredentialsFailed(ILogger logger, Exception error);

    [LoggerMessage(5410, LogLevel.Warning, "The stored parent credentials are for {StoredUrl}, not {ParentUrl}; registering with the bootstrap token")]
    public static partial void StoredCredentialsForOtherParent(ILogger logger, string? storedUrl, Uri parentUrl);

    [LoggerMessage(5411, LogLevel.Warning, "Registration attempt failed; retrying")]
    public static partial void RegistrationFailed(ILogger logger, Exception error);

    [LoggerMessage(5412, LogLevel.Warning, "The parent no longer knows cluster {ClusterId} ({Reason}); registering again")]
    public static partial void ParentForgotCluster(ILogger logger, string clusterId, string reason);

    [LoggerMessage(5413, LogLevel.Warning, "Registration request {Name} is approved but its cluster is gone; the agent may not delete the request ({StatusCode}). The parent must delete it before the cluster can register again")]
    public static partial void StaleRequestNotDeletable(ILogger logger, string name, int statusCode);

    [LoggerMessage(5414, LogLevel.Information, "Deleted stale registration request {Name} so the parent approves the cluster again")]
    public static partial void StaleRequestDeleted(ILogger logger, string name);

    [LoggerMessage(5420, LogLevel.Warning, "Collecting the child cluster's status failed")]
    public static partial void CollectFailed(ILogger logger, Exception error);

    [LoggerMessage(5421, LogLevel.Warning, "Reporting the status of ManagedCluster {Namespace}/{Name} failed")]
    public static partial void ReportFailed(ILogger logger, string @namespace, string? name, Exception error);

    [LoggerMessage(5422, LogLevel.Warning, "Renewing the heartbeat Lease {Namespace}/{Name} in the parent failed")]
    public static partial void HeartbeatLeaseFailed(ILogger logger, string @namespace, string name, Exception error);

    [LoggerMessage(5430, LogLevel.Warning, "Publishing the child's deployer credentials to {Namespace}/child-cluster-deployer failed; retrying")]
    public static partial void DeployerCredentialsFailed(ILogger logger, string @namespace, Exception error);

    [LoggerMessage(5431, LogLevel.Information, "Child deployer credentials published to {Namespace}/child-cluster-deployer")]
    public static partial void DeployerCredentialsPublished(ILogger logger, string @namespace);

    [LoggerMessage(5440, LogLevel.Information, "Tunnel to {SocketUri} connecting")]
    public static partial void TunnelConnecting(ILogger logger, Uri socketUri);

    [LoggerMessage(5441, LogLevel.Warning, "Tunnel session ended; reconnecting in {Delay}")]
    public static partial void TunnelRetry(ILogger logger, TimeSpan delay, Exception? error);
}
