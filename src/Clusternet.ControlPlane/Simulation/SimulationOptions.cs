namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// Makes an instance behave like a cluster with nodes and a kubelet, as KWOK does: simulated nodes with capacity,
/// and workloads that progress to Ready. Set it on a child cluster's <see cref="Hosting.ControlPlaneOptions.Simulation"/>.
/// </summary>
/// <remarks>
/// Everything simulated goes through the API like a real cluster's components: nodes post status and renew their Lease
/// in <c>kube-node-lease</c>, a scheduler binds pods through <c>pods/binding</c> within each node's allocatable, a kubelet
/// reports pods Running and Ready, and the Deployment, ReplicaSet, StatefulSet, DaemonSet and Job controllers create
/// pods and report status. Containers do not run: no images, probes, volumes or network; <c>pods/exec</c> and <c>pods/attach</c> answer with a small built-in command set, <c>pods/portforward</c> with a small HTTP server on declared container ports, and <c>pods/log</c> with the line each container writes when it starts (see docs/control-plane.md).
/// </remarks>
public sealed record SimulationOptions
{
    /// <summary>The nodes, created at start when missing. By default three nodes <c>node-1</c> to <c>node-3</c> of 4 CPUs, 16Gi and 110 pods.</summary>
    public IReadOnlyList<SimulatedNode> Nodes { get; init; } = SimulatedNode.Pool(3, new SimulatedNode("node"));

    /// <summary>The kubelet version nodes report in <c>status.nodeInfo.kubeletVersion</c>; null reports the server's own <c>/version</c> (<c>v1.32.0</c> by default).</summary>
    public string? KubeletVersion { get; init; }

    /// <summary>
    /// How often each node posts its status (condition heartbeat times) and renews its Lease; the kubelet's default is
    /// 10 seconds. Readiness changes made through <see cref="ClusterSimulation"/> are written at once, not at the next heartbeat.
    /// </summary>
    public TimeSpan HeartbeatPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often the simulated controllers re-read everything even without a watch event (they react to watch events at
    /// once); tests shorten it.
    /// </summary>
    internal TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromSeconds(5);
}
