using k8s;

namespace Clusternet.ControlPlane.Tests.Simulation;

public class SimulatedNodeTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    [Fact]
    public async Task NodesAreRegisteredWithTheConfiguredCapacityAsAllocatable()
    {
        var node = await SimulationFixture.EventuallyAsync(() => fixture.Client.CoreV1.ReadNodeAsync("sim-3"), n => n.Status?.Capacity is not null, "sim-3 status");

        Assert.Equal("2", node.Status.Capacity["cpu"].ToString());
        Assert.Equal("4Gi", node.Status.Capacity["memory"].ToString());
        Assert.Equal("20", node.Status.Capacity["pods"].ToString());
        Assert.Equal(node.Status.Capacity["cpu"].ToString(), node.Status.Allocatable["cpu"].ToString());
        Assert.Equal(node.Status.Capacity["memory"].ToString(), node.Status.Allocatable["memory"].ToString());
    }

    [Fact]
    public async Task NodesCarryWellKnownAndConfiguredLabels()
    {
        var node = await fixture.Client.CoreV1.ReadNodeAsync("sim-3");

        Assert.Equal("sim-3", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("amd64", node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Equal("m5.large", node.Metadata.Labels["node.kubernetes.io/instance-type"]);
        Assert.Equal("ssd", node.Metadata.Labels["disk"]);
        Assert.Equal("Intel", node.Metadata.Labels["feature.node.kubernetes.io/cpu-model.vendor_id"]);
        Assert.False((await fixture.Client.CoreV1.ReadNodeAsync("sim-1")).Metadata.Labels.ContainsKey("node.kubernetes.io/instance-type"));
    }

    [Fact]
    public async Task NodesReportReadyConditionsKubeletVersionAndAddresses()
    {
        var node = await SimulationFixture.EventuallyAsync(() => fixture.Client.CoreV1.ReadNodeAsync("sim-1"), n => n.Status?.Conditions is { Count: 5 }, "sim-1 conditions");

        Assert.Equal(["DiskPressure", "MemoryPressure", "NetworkUnavailable", "PIDPressure", "Ready"], node.Status.Conditions.Select(c => c.Type).Order());
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("True", "KubeletReady"), (ready.Status, ready.Reason));
        Assert.All(node.Status.Conditions.Where(c => c.Type != "Ready"), c => Assert.Equal("False", c.Status));
        Assert.Equal("v1.32.0", node.Status.NodeInfo.KubeletVersion);
        Assert.Equal("127.0.0.2", node.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
        Assert.Null(node.Spec.Taints);
    }

    [Fact]
    public async Task HeartbeatsAdvanceConditionHeartbeatTimesAndRenewTheLease()
    {
        var first = await SimulationFixture.EventuallyAsync(() => fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("sim-2", "kube-node-lease"), l => l.Spec?.RenewTime is not null, "sim-2 lease");
        var heartbeat = (await fixture.Client.CoreV1.ReadNodeAsync("sim-2")).Status.Conditions.Single(c => c.Type == "Ready").LastHeartbeatTime;

        Assert.Equal("sim-2", first.Spec.HolderIdentity);
        Assert.Equal("Node", first.Metadata.OwnerReferences.Single().Kind);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.CoordinationV1.ReadNamespacedLeaseAsync("sim-2", "kube-node-lease"), l => l.Spec.RenewTime > first.Spec.RenewTime, "a renewed lease");
        await SimulationFixture.EventuallyAsync(
            () => fixture.Client.CoreV1.ReadNodeAsync("sim-2"),
            n => n.Status.Conditions.Single(c => c.Type == "Ready").LastHeartbeatTime > heartbeat,
            "a later heartbeat");
    }
}
