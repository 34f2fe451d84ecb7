using k8s.Models;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// One simulated node: its size (capacity, reported as allocatable too), labels, taints and initial readiness. The
/// kubelet's well-known labels (<c>kubernetes.io/hostname</c>, <c>kubernetes.io/os</c>, <c>kubernetes.io/arch</c>, and
/// <c>node.kubernetes.io/instance-type</c> when <see cref="InstanceType"/> is set) are added to <see cref="Labels"/>,
/// which may also carry node-feature-discovery ones such as <c>feature.node.kubernetes.io/cpu-model.vendor_id</c>.
/// </summary>
/// <param name="Name">The Node's name, also its <c>kubernetes.io/hostname</c> label.</param>
public sealed record SimulatedNode(string Name)
{
    /// <summary>CPU capacity as a Kubernetes quantity, such as <c>4</c> or <c>3500m</c>.</summary>
    public string Cpu { get; init; } = "4";

    /// <summary>Memory capacity as a Kubernetes quantity, such as <c>16Gi</c>.</summary>
    public string Memory { get; init; } = "16Gi";

    /// <summary>How many pods the node accepts (the kubelet's <c>maxPods</c>).</summary>
    public int Pods { get; init; } = 110;

    /// <summary>The cloud instance type, reported as the <c>node.kubernetes.io/instance-type</c> label; null adds none.</summary>
    public string? InstanceType { get; init; }

    /// <summary>Labels added to the well-known ones; they win over those on a clash.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints the node is registered with (the kubelet's <c>--register-with-taints</c>).</summary>
    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary>Whether the node starts Ready; <see cref="ClusterSimulation.SetNodeReadyAsync"/> changes it later.</summary>
    public bool Ready { get; init; } = true;

    /// <summary>
    /// <paramref name="count"/> nodes like <paramref name="template"/>, named <c>&lt;template name&gt;-1</c> to
    /// <c>&lt;template name&gt;-&lt;count&gt;</c>.
    /// </summary>
    /// <param name="count">How many nodes.</param>
    /// <param name="template">The size, labels and taints they share; its name is the prefix.</param>
    /// <returns>The nodes.</returns>
    public static IReadOnlyList<SimulatedNode> Pool(int count, SimulatedNode template)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(template);
        return [.. Enumerable.Range(1, count).Select(i => template with { Name = $"{template.Name}-{i}" })];
    }
}
