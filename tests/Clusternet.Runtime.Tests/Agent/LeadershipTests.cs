using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using k8s;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class LeadershipTests
{
    [Fact]
    public async Task Of_two_replicas_only_the_lease_holder_registers_and_reports()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var first = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Identity = "replica-a"));
        await first.WaitForAsync(s => s.LastReportTime is not null);
        var second = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Identity = "replica-b"));

        // The standby keeps observing a Lease that is renewed every 200 ms, so it never gets past Standby.
        await Task.Delay(TimeSpan.FromSeconds(4));

        Assert.Equal(ClusternetAgentPhase.Standby, second.Status.Phase);
        Assert.Null(second.Status.LastReportTime);
        var lease = await bed.ChildAdmin.CoordinationV1.ReadNamespacedLeaseAsync("clusternet-agent", "clusternet-system");
        Assert.Equal("replica-a", lease.Spec.HolderIdentity);
        Assert.Single((await bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>().ListAsync()).Items);
    }

    [Fact]
    public async Task The_standby_takes_over_with_the_same_cluster_id_when_the_leader_stops()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var first = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Identity = "replica-a"));
        var before = await first.WaitForAsync(s => s.LastReportTime is not null);
        var second = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Identity = "replica-b"));
        await second.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Standby);

        await bed.StopAgentAsync(first);

        var after = await second.WaitForAsync(s => s.LastReportTime is not null, TimeSpan.FromSeconds(15));
        Assert.Equal(before.ClusterId, after.ClusterId);
        var lease = await bed.ChildAdmin.CoordinationV1.ReadNamespacedLeaseAsync("clusternet-agent", "clusternet-system");
        Assert.Equal("replica-b", lease.Spec.HolderIdentity);
        Assert.Equal(1, lease.Spec.LeaseTransitions ?? 0);
    }

    [Fact]
    public async Task A_leader_that_loses_its_lease_stops_working()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.LeaderElection.Identity = "replica-a"));
        await agent.WaitForAsync(s => s.LastReportTime is not null);

        // Another replica (simulated by hand) takes the Lease; the agent may renew in between, so retry on conflict.
        for (var attempt = 0; ; attempt++)
        {
            var lease = await bed.ChildAdmin.CoordinationV1.ReadNamespacedLeaseAsync("clusternet-agent", "clusternet-system");
            lease.Spec.HolderIdentity = "someone-else";
            lease.Spec.RenewTime = DateTime.UtcNow;
            lease.Spec.LeaseDurationSeconds = 3600;
            try
            {
                await bed.ChildAdmin.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "clusternet-agent", "clusternet-system");
                break;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }

        await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Standby);
    }
}
