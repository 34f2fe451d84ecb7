using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class DeployerCredentialsTests
{
    [Fact]
    public async Task Dual_mode_pushes_a_working_child_cluster_deployer_secret_to_the_dedicated_namespace()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.SyncMode = ClusterSyncMode.Dual));
        var status = await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);

        var secret = await Until.TrueAsync(
            () => bed.ParentAdmin.CoreV1.ReadNamespacedSecretAsync("child-cluster-deployer", status.DedicatedNamespace), _ => true);

        Assert.Equal(bed.Child.BaseAddress.ToString().TrimEnd('/'), Encoding.UTF8.GetString(secret.Data["apiserver-advertise-url"]));
        Assert.Equal("clusternet-app-deployer", Encoding.UTF8.GetString(secret.Data["service-account.name"]));
        Assert.Equal(status.ClusterId, secret.Metadata.Labels[ClusternetLabels.ClusterId]);
        Assert.Equal("clusternet-agent", secret.Metadata.Labels[ClusternetLabels.ObjectCreatedBy]);
        Assert.Equal("true", secret.Metadata.Annotations[ClusternetAnnotations.AutoUpdate]);
        Assert.Contains(ClusternetFinalizers.App, secret.Metadata.Finalizers);
        var account = await bed.ChildAdmin.CoreV1.ReadNamespacedServiceAccountAsync("clusternet-app-deployer", "clusternet-system");
        Assert.Equal(account.Metadata.Uid, Encoding.UTF8.GetString(secret.Data["service-account.uid"]));

        // The pushed token is cluster-admin in the child.
        using var deployer = new Kubernetes(bed.Child.CreateConfiguration(Encoding.UTF8.GetString(secret.Data["token"])));
        await deployer.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "deployed-by-parent" } });
    }

    [Fact]
    public async Task Pull_mode_pushes_no_child_credentials()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.SyncMode = ClusterSyncMode.Pull));
        var status = await agent.WaitForAsync(s => s.LastReportTime is not null);

        var secrets = await bed.ParentAdmin.CoreV1.ListNamespacedSecretAsync(status.DedicatedNamespace);
        Assert.DoesNotContain(secrets.Items, s => s.Metadata.Name == "child-cluster-deployer");
    }
}
