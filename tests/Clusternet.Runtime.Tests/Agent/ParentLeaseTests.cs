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
    public async Task A_lease_someone_else_wrote_in_between_is_read_again_and_renewed()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.HeartbeatLeaseRenewPeriod = TimeSpan.FromSeconds(1)));
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
        // The agent's next PUT carries a stale resourceVersion: it must re-read rather than stop renewing. (The agent may
        // renew between this test's read and write; then the test reads again.)
        string? holder = null;
        k8s.Models.V1Lease? written = null;
        for (var attempt = 0; written is null; attempt++)
        {
            var lease = await Until.TrueAsync(() => bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace), _ => true);
            holder = lease.Spec.HolderIdentity;
            lease.Spec.HolderIdentity = "someone-else";
            try
            {
                written = await bed.ParentAdmin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, status.ClusterId, status.DedicatedNamespace);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }

        var renewed = await Until.TrueAsync(
            () => bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace),
            l => l.Spec.HolderIdentity == holder && l.Metadata.ResourceVersion != written.Metadata.ResourceVersion);
        Assert.True(renewed.Spec.RenewTime > written.Spec.RenewTime);
    }

    [Fact]
    public async Task A_deleted_lease_is_created_again()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.HeartbeatLeaseRenewPeriod = TimeSpan.FromSeconds(1)));
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
        var first = await Until.TrueAsync(() => bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace), _ => true);

        await bed.ParentAdmin.CoordinationV1.DeleteNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace);

        var again = await Until.TrueAsync(
            async () =>
            {
                try
                {
                    return await bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace);
                }
                catch (k8s.Autorest.HttpOperationException)
                {
                    return first;
                }
            },
            l => l.Metadata.Uid != first.Metadata.Uid);
        Assert.Equal(status.ClusterId, again.Metadata.Labels[ClusternetLabels.ClusterId]);
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
