namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// Makes an instance behave like a cluster with nodes and a kubelet, as KWOK does: simulated nodes with capacity,
/// and workloads that progress to Ready. Set it on a child cluster's <see cref="Hosting.ControlPlaneOptions.Simulation"/>.
/// </summary>
public sealed record SimulationOptions;
