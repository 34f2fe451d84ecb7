using Clusternet.ControlPlane.Simulation;

namespace Clusternet.Samples.QuickStart;

/// <summary>One child cluster of the QuickStart: its name, its simulated nodes, and how the hub reaches it.</summary>
/// <param name="Name">The cluster's name (also the agent's <c>ClusterName</c> and the kubeconfig file names).</param>
/// <param name="Description">One line for the progress output.</param>
/// <param name="Nodes">The simulated nodes.</param>
/// <param name="Labels">Cluster labels the agent registers with.</param>
internal sealed record ChildCluster(string Name, string Description, IReadOnlyList<SimulatedNode> Nodes, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>
    /// Three clusters of different shapes: a cloud region with mid-size nodes, an on-premises GPU cluster whose nodes carry
    /// node-feature-discovery labels (the agent raises those shared by most nodes to cluster labels), and a small edge site
    /// behind NAT that nobody can dial: only its agent's outbound tunnel reaches it.
    /// </summary>
    public static IReadOnlyList<ChildCluster> All { get; } =
    [
        new(
            "cloud-east",
            "public cloud, 3 × 4 CPU / 16Gi",
            SimulatedNode.Pool(3, new SimulatedNode("east") { Cpu = "4", Memory = "16Gi", InstanceType = "m5.xlarge", Labels = Zone("us-east-1a") }),
            new Dictionary<string, string> { ["region"] = "us-east", ["env"] = "prod" }),
        new(
            "onprem-gpu",
            "on-premises, 2 × 32 CPU / 128Gi with GPUs (NFD labels)",
            SimulatedNode.Pool(2, new SimulatedNode("gpu") { Cpu = "32", Memory = "128Gi", InstanceType = "bare-metal", Labels = GpuFeatures() }),
            new Dictionary<string, string> { ["region"] = "dc-1", ["env"] = "prod" }),
        new(
            "edge-store",
            "edge behind NAT, 1 × 2 CPU / 4Gi, reached only through its tunnel",
            [new SimulatedNode("edge-1") { Cpu = "2", Memory = "4Gi", InstanceType = "arm64-box", Labels = Zone("store-42") }],
            new Dictionary<string, string> { ["region"] = "store-42", ["env"] = "edge" }),
    ];

    private static Dictionary<string, string> Zone(string zone) => new() { ["topology.kubernetes.io/zone"] = zone };

    private static Dictionary<string, string> GpuFeatures() => new()
    {
        ["topology.kubernetes.io/zone"] = "dc-1",
        ["feature.node.kubernetes.io/pci-10de.present"] = "true",
        ["feature.node.kubernetes.io/cpu-cpuid.AVX512F"] = "true",
        ["feature.node.kubernetes.io/kernel-version.major"] = "6",
    };
}
