namespace Clusternet.Runtime.Tunnel;

/// <summary>No agent holds a tunnel session for the cluster: it never connected, or its session ended.</summary>
public sealed class TunnelSessionNotFoundException : IOException
{
    /// <summary>Creates the exception for <paramref name="clusterId"/>.</summary>
    /// <param name="clusterId">The cluster without a session.</param>
    public TunnelSessionNotFoundException(string clusterId)
        : base($"Cluster '{clusterId}' has no tunnel session: its agent is not connected.")
    {
        ClusterId = clusterId;
    }

    /// <summary>The cluster without a session.</summary>
    public string ClusterId { get; }
}
