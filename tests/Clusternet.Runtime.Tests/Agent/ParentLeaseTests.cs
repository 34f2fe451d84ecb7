using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using k8s;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class ParentLeaseTests
{
    [Fact]
    public async Task The_heartbeat_lease_in_the_dedicated_namespace_is_renewed_with_four_periods_of_validity()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.HeartbeatLeaseRenewPeriod = TimeSpan.FromSeconds(1)));
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        var first = await Until.TrueAsync(() => bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace), _ => true);
        var renewed = await Until.TrueAsync(
            () => bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace),
            l => l.Spec.RenewTime > first.Spec.RenewTime);

        Assert.Equal(4, renewed.Spec.LeaseDurationSeconds);
        Assert.False(string.IsNullOrEmpty(renewed.Spec.HolderIdentity));
        Assert.Equal("clusternet-agent", renewed.Metadata.Labels[ClusternetLabels.ObjectCreatedBy]);
        Assert.Equal(status.ClusterId, renewed.Metadata.Labels[ClusternetLabels.ClusterId]);
    }

    [Fact]
    public async Task Without_leader_election_the_lease_still_anchors_a_stable_cluster_id()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var first = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Enabled = false));
        var before = await first.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
        await bed.StopAgentAsync(first);

        var second = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Enabled = false));
        var after = await second.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        Assert.Equal(before.ClusterId, after.ClusterId);
        var lease = await bed.ChildAdmin.CoordinationV1.ReadNamespacedLeaseAsync("clusternet-agent", "clusternet-system");
        Assert.Equal(lease.Metadata.Uid, after.ClusterId);
        Assert.Null(lease.Spec.HolderIdentity);
    }
}
