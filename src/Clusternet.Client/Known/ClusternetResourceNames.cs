namespace Clusternet.Known;

/// <summary>Resource names the agent reports in a ManagedCluster's allocatable and capacity, beyond <c>cpu</c> and <c>memory</c>.</summary>
public static class ClusternetResourceNames
{
    /// <summary>NVIDIA GPUs; reported only when the cluster has some.</summary>
    public const string NvidiaGpu = "nvidia.com/gpu";
}
