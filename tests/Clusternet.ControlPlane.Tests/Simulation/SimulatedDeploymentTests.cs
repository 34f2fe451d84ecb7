using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

public class SimulatedDeploymentTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    [Fact]
    public async Task DeploymentBecomesAvailableWithUpstreamStatus()
    {
        var ns = await fixture.NewNamespaceAsync();
        var created = await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("web", 3, "100m"), ns);

        var deployment = await SimulationFixture.EventuallyAsync(
            () => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns),
            d => d.Status?.AvailableReplicas == 3 && d.Status.Conditions?.Any(c => c.Reason == "NewReplicaSetAvailable") == true,
            "an available deployment");

        Assert.Equal(created.Metadata.Generation, deployment.Status.ObservedGeneration);
        Assert.Equal((3, 3, 3), (deployment.Status.Replicas, deployment.Status.UpdatedReplicas, deployment.Status.ReadyReplicas));
        Assert.Null(deployment.Status.UnavailableReplicas);
        var available = deployment.Status.Conditions.Single(c => c.Type == "Available");
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
        var progressing = deployment.Status.Conditions.Single(c => c.Type == "Progressing");
        Assert.Equal("True", progressing.Status);
        Assert.Matches("^ReplicaSet \"web-[a-z0-9]+\" has successfully progressed\\.$", progressing.Message);
    }

    [Fact]
    public async Task DeploymentOwnsAReplicaSetLabelledWithThePodTemplateHash()
    {
        var ns = await fixture.NewNamespaceAsync();
        var deployment = await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("api", 2), ns);

        var set = (await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ListNamespacedReplicaSetAsync(ns), l => l.Items.Count == 1 && l.Items[0].Status?.ReadyReplicas == 2, "a ready replica set")).Items[0];

        var hash = set.Metadata.Labels["pod-template-hash"];
        Assert.Equal($"api-{hash}", set.Metadata.Name);
        Assert.Equal(hash, set.Spec.Selector.MatchLabels["pod-template-hash"]);
        Assert.Equal("1", set.Metadata.Annotations["deployment.kubernetes.io/revision"]);
        var owner = Assert.Single(set.Metadata.OwnerReferences);
        Assert.Equal(("Deployment", deployment.Metadata.Uid, true, true), (owner.Kind, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.Equal((2, 2, 2, set.Metadata.Generation), (set.Status.Replicas, set.Status.FullyLabeledReplicas, set.Status.AvailableReplicas, set.Status.ObservedGeneration));
        Assert.All(await fixture.PodsAsync(ns), p => Assert.Equal(set.Metadata.Uid, p.Metadata.OwnerReferences.Single().Uid));
    }

    [Fact]
    public async Task PodsRunOnSimulatedNodesWithAddressesAndReadyConditions()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("run", 2), ns);

        var pods = await SimulationFixture.EventuallyAsync(() => fixture.PodsAsync(ns), p => p.Count == 2 && p.All(x => x.Status?.Phase == "Running"), "running pods");

        Assert.All(pods, pod =>
        {
            Assert.Contains(pod.Spec.NodeName, SimulationFixture.NodeNames);
            Assert.StartsWith("10.244.", pod.Status.PodIP, StringComparison.Ordinal);
            Assert.StartsWith("127.0.0.", pod.Status.HostIP, StringComparison.Ordinal);
            Assert.NotNull(pod.Status.StartTime);
            Assert.Equal(["ContainersReady", "Initialized", "PodReadyToStartContainers", "PodScheduled", "Ready"], pod.Status.Conditions.Select(c => c.Type).Order());
            Assert.All(pod.Status.Conditions, c => Assert.Equal("True", c.Status));
            var container = Assert.Single(pod.Status.ContainerStatuses);
            Assert.True(container.Ready);
            Assert.NotNull(container.State.Running);
        });
        Assert.NotEqual(pods[0].Status.PodIP, pods[1].Status.PodIP);
    }

    [Fact]
    public async Task ScalingChangesThePodCount()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("scale", 1), ns);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("scale", ns), d => d.Status?.AvailableReplicas == 1, "one available");

        await fixture.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":4}}", V1Patch.PatchType.MergePatch), "scale", ns);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("scale", ns), d => d.Status?.AvailableReplicas == 4, "four available");
        await fixture.Client.AppsV1.PatchNamespacedDeploymentScaleAsync(new V1Patch("{\"spec\":{\"replicas\":2}}", V1Patch.PatchType.MergePatch), "scale", ns);

        var deployment = await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("scale", ns), d => d.Status?.Replicas == 2, "two replicas");
        Assert.Equal(2, deployment.Status.AvailableReplicas);
        Assert.Equal(2, (await fixture.PodsAsync(ns)).Count);
    }

    [Fact]
    public async Task ATemplateChangeReplacesThePodsThroughANewReplicaSet()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("roll", 2), ns);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("roll", ns), d => d.Status?.AvailableReplicas == 2, "two available");

        await fixture.Client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch("{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"nginx:1.28\"}]}}}}", V1Patch.PatchType.StrategicMergePatch), "roll", ns);

        await SimulationFixture.EventuallyAsync(
            () => fixture.PodsAsync(ns),
            pods => pods.Count == 2 && pods.All(p => p.Spec.Containers[0].Image == "nginx:1.28" && p.Status?.Phase == "Running"),
            "two new pods");
        var sets = (await fixture.Client.AppsV1.ListNamespacedReplicaSetAsync(ns)).Items;
        Assert.Equal([0, 2], sets.Select(s => s.Spec.Replicas ?? 0).Order());
        Assert.Equal("2", sets.Single(s => s.Spec.Replicas == 2).Metadata.Annotations["deployment.kubernetes.io/revision"]);
    }

    [Fact]
    public async Task PodsBeyondAllocatableStayPendingAsUnschedulable()
    {
        var ns = await fixture.NewNamespaceAsync();

        // Each node has 2 CPUs: one 1500m pod fits per node, a fourth fits nowhere.
        await fixture.Client.AppsV1.CreateNamespacedDeploymentAsync(SimulationFixture.Deployment("big", 4, "1500m"), ns);

        var pods = await SimulationFixture.EventuallyAsync(
            () => fixture.PodsAsync(ns),
            p => p.Count(x => x.Status?.Phase == "Running") == 3 && p.Any(x => x.Status?.Conditions?.Any(c => c.Reason == "Unschedulable") == true),
            "three running and one unschedulable");
        var pending = pods.Single(p => p.Status.Phase == "Pending");
        Assert.Null(pending.Spec.NodeName);
        var condition = pending.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal(("False", "Unschedulable", "0/3 nodes are available: 3 Insufficient cpu."), (condition.Status, condition.Reason, condition.Message));
        Assert.Equal(3, pods.Where(p => p.Status.Phase == "Running").Select(p => p.Spec.NodeName).Distinct().Count());
        var deployment = await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDeploymentAsync("big", ns), d => d.Status?.AvailableReplicas == 3, "three available");
        Assert.Equal(1, deployment.Status.UnavailableReplicas);
    }
}
