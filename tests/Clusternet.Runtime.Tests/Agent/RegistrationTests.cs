using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Agent_sends_a_registration_request_named_for_the_lease_uid_with_the_requested_fields()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o =>
        {
            o.ClusterName = "edge-1";
            o.ClusterType = ClusterType.EdgeCluster;
            o.SyncMode = ClusterSyncMode.Dual;
            o.ClusterLabels = new Dictionary<string, string> { ["region"] = "eu" };
        }));

        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        var lease = await bed.ChildAdmin.CoordinationV1.ReadNamespacedLeaseAsync("clusternet-agent", "clusternet-system");
        Assert.Equal(lease.Metadata.Uid, status.ClusterId);
        var request = await bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>().GetAsync("clusternet-" + status.ClusterId);
        Assert.Equal(status.ClusterId, request.Spec.ClusterId);
        Assert.Equal("edge-1", request.Spec.ClusterName);
        Assert.Equal(ClusterType.EdgeCluster, request.Spec.ClusterType);
        Assert.Equal(ClusterSyncMode.Dual, request.Spec.SyncMode);
        Assert.Equal("eu", request.Spec.ClusterLabels!["region"]);
        Assert.Equal("clusternet-agent", request.Metadata.Labels[ClusternetLabels.ClusterRegisteredBy]);
        Assert.Equal(status.ClusterId, request.Metadata.Labels[ClusternetLabels.ClusterId]);
        Assert.Equal("edge-1", request.Metadata.Labels[ClusternetLabels.ClusterName]);
    }

    [Fact]
    public async Task Approved_credentials_are_stored_in_the_parent_cluster_secret_of_the_child()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());

        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        var request = await bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>().GetAsync("clusternet-" + status.ClusterId);
        var secret = await bed.ChildAdmin.CoreV1.ReadNamespacedSecretAsync("parent-cluster", "clusternet-system");
        Assert.Equal(request.Status!.Token, secret.Data["token"]);
        Assert.Equal(request.Status.CaCertificate, secret.Data["ca.crt"]);
        Assert.Equal(status.DedicatedNamespace, Encoding.UTF8.GetString(secret.Data["namespace"]));
        Assert.Equal(bed.Parent.BaseAddress.OriginalString, Encoding.UTF8.GetString(secret.Data["apiserver-advertise-url"]));
        Assert.Equal("credentials-auto", secret.Metadata.Labels[ClusternetLabels.ClusterBootstrapping]);
        Assert.Equal(status.ClusterId, secret.Metadata.Labels[ClusternetLabels.ClusterId]);
    }

    [Fact]
    public async Task After_approval_the_agent_writes_with_the_dedicated_service_account()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered && s.LastReportTime is not null);

        // The heartbeat Lease exists only in the dedicated namespace, which the bootstrap token cannot write to.
        var lease = await Until.TrueAsync(
            () => bed.ParentAdmin.CoordinationV1.ReadNamespacedLeaseAsync(status.ClusterId, status.DedicatedNamespace),
            l => l.Spec.RenewTime is not null);
        Assert.Equal(status.ClusterId, lease.Metadata.Labels[ClusternetLabels.ClusterId]);
        var cluster = (await bed.ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(status.DedicatedNamespace).ListAsync()).Items.Single();
        Assert.NotNull(cluster.Status?.LastObservedTime);
    }

    [Fact]
    public async Task Cluster_id_and_name_are_kept_across_an_agent_restart()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var first = await bed.StartAgentAsync(bed.Options());
        var before = await first.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
        await bed.StopAgentAsync(first);

        var second = await bed.StartAgentAsync(bed.Options());
        var after = await second.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        Assert.Equal(before.ClusterId, after.ClusterId);
        Assert.Equal(before.ClusterName, after.ClusterName);
        Assert.Equal(before.DedicatedNamespace, after.DedicatedNamespace);
        Assert.Single((await bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>().ListAsync()).Items);
    }

    [Fact]
    public async Task Legacy_cluster_id_annotation_on_the_lease_is_the_cluster_id()
    {
        await using var bed = await AgentTestBed.StartAsync();
        const string legacy = "0a1b2c3d-0000-4000-8000-00000000abcd";
        await bed.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "clusternet-system" } });
        await bed.ChildAdmin.CoordinationV1.CreateNamespacedLeaseAsync(
            new V1Lease
            {
                Metadata = new V1ObjectMeta { Name = "clusternet-agent", Annotations = new Dictionary<string, string> { ["legacy-cluster-id"] = legacy } },
                Spec = new V1LeaseSpec(),
            },
            "clusternet-system");

        var agent = await bed.StartAgentAsync(bed.Options());
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        Assert.Equal(legacy, status.ClusterId);
    }

    [Theory]
    [InlineData("07401b.0000000000000000")]
    [InlineData("abcdef.f395accd246ae52d")]
    public async Task A_wrong_bootstrap_token_is_refused_with_401_and_creates_no_request(string token)
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.BootstrapToken = token));

        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Refused);

        Assert.Contains("401", status.Message);
        Assert.Empty((await bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>().ListAsync()).Items);
    }

    [Fact]
    public async Task An_expired_bootstrap_token_is_refused_with_401()
    {
        await using var bed = await AgentTestBed.StartAsync();
        await bed.ParentAdmin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "bootstrap-token-old123" },
                Type = "bootstrap.kubernetes.io/token",
                Data = new Dictionary<string, byte[]>
                {
                    ["token-id"] = "old123"u8.ToArray(),
                    ["token-secret"] = "0123456789abcdef"u8.ToArray(),
                    ["usage-bootstrap-authentication"] = "true"u8.ToArray(),
                    ["expiration"] = Encoding.UTF8.GetBytes(DateTime.UtcNow.AddHours(-1).ToString("yyyy-MM-ddTHH:mm:ssZ")),
                    ["auth-extra-groups"] = "system:bootstrappers:clusternet:register-cluster-token"u8.ToArray(),
                },
            },
            "kube-system");

        var agent = await bed.StartAgentAsync(bed.Options(o => o.BootstrapToken = "old123.0123456789abcdef"));
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Refused);

        Assert.Contains("401", status.Message);
        Assert.Empty((await bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>().ListAsync()).Items);
    }

    [Fact]
    public async Task A_denied_request_is_surfaced_in_the_status_with_the_parents_message()
    {
        await using var bed = await AgentTestBed.StartAsync(approver: false);
        var agent = await bed.StartAgentAsync(bed.Options());
        var registering = await agent.WaitForAsync(s => s.ClusterId is not null);
        var requests = bed.ParentAdmin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
        var request = await Until.TrueAsync(() => requests.GetAsync("clusternet-" + registering.ClusterId), _ => true);

        request.Status = new ClusterRegistrationRequestStatus { Result = ApprovedResult.Denied, ErrorMessage = "clusters from this region are not accepted" };
        await requests.UpdateStatusAsync(request);

        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Denied);
        Assert.Contains("clusters from this region are not accepted", status.Message);
    }
}
