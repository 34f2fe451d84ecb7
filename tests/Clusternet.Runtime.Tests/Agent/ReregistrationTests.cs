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

    [Fact]
    public async Task Without_delete_rights_a_stale_request_waits_for_the_parent_to_delete_it()
    {
        await using var bed = await AgentTestBed.StartAsync(approverGrantsDelete: false);
        var agent = await bed.StartAgentAsync(bed.Options());
        var before = await agent.WaitForAsync(s => s.LastReportTime is not null);
        var clusters = bed.ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(before.DedicatedNamespace);
        var requests = bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
        var oldRequest = await requests.GetAsync("clusternet-" + before.ClusterId);

        await clusters.DeleteAsync((await clusters.ListAsync()).Items.Single().Metadata.Name);
        var stuck = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registering && s.Message?.Contains("ManagedCluster is gone") == true);
        Assert.Equal(oldRequest.Metadata.Uid, (await requests.GetAsync(oldRequest.Metadata.Name)).Metadata.Uid);

        await requests.DeleteAsync(oldRequest.Metadata.Name);

        await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
        await Until.TrueAsync(async () => (await clusters.ListAsync()).Items, items => items.Count == 1 && items[0].Status?.LastObservedTime is not null);
    }

    [Fact]
    public async Task A_revoked_dedicated_token_makes_the_agent_register_again_with_the_bootstrap_token()
    {
        await using var bed = await AgentTestBed.StartAsync(approverGrantsDelete: false);
        var agent = await bed.StartAgentAsync(bed.Options());
        var before = await agent.WaitForAsync(s => s.LastReportTime is not null);
        var requests = bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
        var oldRequest = await requests.GetAsync("clusternet-" + before.ClusterId);
        var account = (await bed.ParentAdmin.CoreV1.ListNamespacedServiceAccountAsync(before.DedicatedNamespace, labelSelector: $"{ClusternetLabels.ClusterId}={before.ClusterId}")).Items.Single();

        // A legacy token is valid only while its Secret exists.
        await bed.ParentAdmin.CoreV1.DeleteNamespacedSecretAsync(account.Metadata.Name, before.DedicatedNamespace);
        await agent.WaitForAsync(s => s.Message?.Contains("token is refused") == true);
        await requests.DeleteAsync(oldRequest.Metadata.Name);

        var after = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered && s.Message is null);
        Assert.Equal(before.ClusterId, after.ClusterId);
        var secret = await bed.ChildAdmin.CoreV1.ReadNamespacedSecretAsync("parent-cluster", "clusternet-system");
        var request = await requests.GetAsync(oldRequest.Metadata.Name);
        Assert.Equal(request.Status!.Token, secret.Data["token"]);
    }
}
