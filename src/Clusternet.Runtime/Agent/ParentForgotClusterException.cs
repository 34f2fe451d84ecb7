namespace Clusternet.Runtime.Agent;

/// <summary>The parent no longer accepts the cluster's credentials (401) or no longer has its ManagedCluster (404): register again.</summary>
internal sealed class ParentForgotClusterException(string reason, Exception? inner = null) : Exception(reason, inner);
