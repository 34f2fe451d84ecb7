using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Controllers;
using k8s;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The fault switches of a simulating control plane (<see cref="Hosting.ControlPlane.Simulation"/>): make a node or
/// every node unhealthy, and make the API server report not-ready, so tests can watch agents and schedulers react.
/// </summary>
public sealed class ClusterSimulation
{
    private readonly SimulationState state;
    private readonly HealthState health;
    private readonly IKubernetes client;
    private readonly SimulatedNodes nodes;
    private readonly IReadOnlyList<SimulationController> controllers;

    internal ClusterSimulation(SimulationOptions options, string serverVersion, HealthState health, IKubernetes client, ILoggerFactory loggers)
    {
        state = new SimulationState(options, options.KubeletVersion ?? serverVersion);
        this.health = health;
        this.client = client;
        var logger = loggers.CreateLogger("Clusternet.ControlPlane.Simulation");
        nodes = new SimulatedNodes(state, logger);
        controllers =
        [
            nodes,
            new PodScheduler(state, logger),
            new SimulatedKubelet(state, logger),
            new DeploymentController(state, logger),
            new ReplicaSetController(state, logger),
            new StatefulSetController(state, logger),
            new DaemonSetController(state, logger),
            new JobController(state, logger),
        ];
    }

    /// <summary>The simulated nodes, as configured.</summary>
    public IReadOnlyList<SimulatedNode> Nodes => state.Options.Nodes;

    /// <summary>Registers the nodes (status and Lease included) before the server is handed out, so callers find them at once.</summary>
    internal Task RegisterNodesAsync(CancellationToken cancellationToken) => nodes.RegisterAsync(client, cancellationToken);

    /// <summary>The components to run beside the built-in controllers.</summary>
    internal IEnumerable<IControlPlaneController> Controllers => controllers;

    /// <summary>
    /// Makes a node healthy or not, as a kubelet reporting a failure would: its Ready condition turns False
    /// (<c>KubeletNotReady</c>) and it is tainted <c>node.kubernetes.io/not-ready</c> (NoSchedule and NoExecute) as the node
    /// lifecycle controller does, so nothing new is scheduled there and its pods turn not ready (their workloads' ready and
    /// available counts drop). Pods are not evicted. Ready again removes the taints and makes its pods ready.
    /// </summary>
    /// <param name="node">A simulated node's name.</param>
    /// <param name="ready">Healthy or not.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes once the node's status and taints are written; pods follow shortly after.</returns>
    /// <exception cref="ArgumentException"><paramref name="node"/> is not a simulated node.</exception>
    public async Task SetNodeReadyAsync(string node, bool ready, CancellationToken cancellationToken = default)
    {
        state.SetReady(node, ready);
        await nodes.PostStatusAsync(client, node, cancellationToken).ConfigureAwait(false);
        foreach (var controller in controllers)
        {
            controller.Wake();
        }
    }

    /// <summary>Makes every simulated node healthy or not (see <see cref="SetNodeReadyAsync"/>): the whole cluster going down or recovering.</summary>
    /// <param name="ready">Healthy or not.</param>
    /// <param name="cancellationToken">Cancels the writes.</param>
    /// <returns>A task that completes once every node is written.</returns>
    public async Task SetAllNodesReadyAsync(bool ready, CancellationToken cancellationToken = default)
    {
        foreach (var node in state.Nodes)
        {
            await SetNodeReadyAsync(node.Name, ready, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Makes <c>/readyz</c> answer 500 (not ready) or 200 again. Only the health endpoint changes: requests are still
    /// served, as a real API server's are while a readiness check fails.
    /// </summary>
    /// <param name="ready">Ready or not.</param>
    public void SetApiServerReady(bool ready) => health.SetNotReady(ready ? null : "simulated: the API server was marked not ready");
}
