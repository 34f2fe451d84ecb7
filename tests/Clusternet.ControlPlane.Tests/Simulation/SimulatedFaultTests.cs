using k8s;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>Node and API server faults; the tests share one simulated cluster and run one after another, each restoring health.</summary>
public class SimulatedFaultTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    [Fact]
    public async Task ANotReadyNodeReportsItsConditionAndIsTainted()
    {
        await fixture.Simulation.SetNodeReadyAsync("sim-2", false);
        try
        {
            var node = await fixture.Client.CoreV1.ReadNodeAsync("sim-2");
            var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
            Assert.Equal(("False", "KubeletNotReady"), (ready.Status, ready.Reason));
            Assert.Equal(["NoExecute", "NoSchedule"], node.Spec.Taints.Where(t => t.Key == "node.kubernetes.io/not-ready").Select(t => t.Effect).Order());
        }
        finally
        {
            await fixture.Simulation.SetNodeReadyAsync("sim-2", true);
        }

        var recovered = await fixture.Client.CoreV1.ReadNodeAsync("sim-2");
        Assert.Equal("True", recovered.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Null(recovered.Spec.Taints);
    }

    [Fact]
    public async Task NothingIsScheduledOnANotReadyNode()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Simulation.SetAllNodesReadyAsync(false);
        try
        {
            await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("stuck", 1), ns);

            var pod = (await SimulationFixture.EventuallyAsync(() => fixture.PodsAsync(ns), p => p.Count == 1 && p[0].Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true, "an unschedulable pod"))[0];
            Assert.Equal("0/3 nodes are available: 3 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.", pod.Status.Conditions.Single(c => c.Type == "PodScheduled").Message);
        }
        finally
        {
            await fixture.Simulation.SetAllNodesReadyAsync(true);
        }

        await SimulationFixture.EventuallyAsync(() => fixture.PodsAsync(ns), p => p.Count == 1 && p[0].Status?.Phase == "Running", "the pod running once nodes recover");
    }

    [Fact]
    public async Task PodsOnNotReadyNodesTurnNotReadyAndTheDeploymentUnavailable()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("web", 3), ns);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns), d => d.Status?.AvailableReplicas == 3, "three available");

        await fixture.Simulation.SetAllNodesReadyAsync(false);
        try
        {
            var pods = await SimulationFixture.EventuallyAsync(
                () => fixture.PodsAsync(ns),
                p => p.All(x => x.Status.Conditions.Single(c => c.Type == "Ready").Status == "False"),
                "pods not ready");
            Assert.All(pods, p => Assert.Equal("Running", p.Status.Phase));
            var deployment = await SimulationFixture.EventuallyAsync(
                () => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns),
                d => d.Status.AvailableReplicas is null && d.Status.Conditions.Single(c => c.Type == "Available").Status == "False",
                "an unavailable deployment");
            Assert.Equal(3, deployment.Status.UnavailableReplicas);
            Assert.Equal("MinimumReplicasUnavailable", deployment.Status.Conditions.Single(c => c.Type == "Available").Reason);
        }
        finally
        {
            await fixture.Simulation.SetAllNodesReadyAsync(true);
        }

        await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns), d => d.Status?.AvailableReplicas == 3, "available again");
    }

    [Fact]
    public async Task ApiServerReadinessCanBeBrokenAndRestored()
    {
        fixture.Simulation.SetApiServerReady(false);
        try
        {
            using var broken = await fixture.Http.GetAsync("readyz");
            Assert.Equal(500, (int)broken.StatusCode);
            Assert.Contains("readyz check failed", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            fixture.Simulation.SetApiServerReady(true);
        }

        using var healthy = await fixture.Http.GetAsync("readyz");
        Assert.Equal(200, (int)healthy.StatusCode);
    }

    [Fact]
    public async Task AnUnknownNodeIsRefused() =>
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Simulation.SetNodeReadyAsync("elsewhere", false));
}
