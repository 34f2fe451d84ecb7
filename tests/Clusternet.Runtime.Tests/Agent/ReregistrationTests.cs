using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using k8s;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class ReregistrationTests
{
    [Fact]
    public async Task Deleting_the_managed_cluster_leads_to_a_new_approval_and_a_new_managed_cluster()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());
        var before = await agent.WaitForAsync(s => s.LastReportTime is not null);
        var clusters = bed.ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(before.DedicatedNamespace);
        var old = (await clusters.ListAsync()).Items.Single();

        await clusters.DeleteAsync(old.Metadata.Name);

        var cluster = await Until.TrueAsync(
            async () => (await clusters.ListAsync(new ListOptions { LabelSelector = $"{ClusternetLabels.ClusterId}={before.ClusterId}" })).Items.SingleOrDefault(),
            c => c is not null && c.Metadata.Uid != old.Metadata.Uid && c.Status?.LastObservedTime is not null);
        Assert.Equal(before.ClusterId, cluster!.Spec.ClusterId);
        Assert.Equal(ClusternetAgentPhase.Registered, agent.Status.Phase);
    }

    [Fact]
    public async Task Deleting_the_registration_request_and_cluster_leads_to_a_new_request()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());
        var before = await agent.WaitForAsync(s => s.LastReportTime is not null);
        var requests = bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
        var oldRequest = await requests.GetAsync("clusternet-" + before.ClusterId);
        var clusters = bed.ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(before.DedicatedNamespace);

        await requests.DeleteAsync(oldRequest.Metadata.Name);
        await clusters.DeleteAsync((await clusters.ListAsync()).Items.Single().Metadata.Name);

        await Until.TrueAsync(() => requests.GetAsync(oldRequest.Metadata.Name), r => r.Metadata.Uid != oldRequest.Metadata.Uid && r.Status?.Result == ApprovedResult.Approved);
        await Until.TrueAsync(async () => (await clusters.ListAsync()).Items, items => items.Count == 1 && items[0].Status?.LastObservedTime is not null);
    }
}
