using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class HeartbeatTests
{
    [Fact]
    public async Task Status_reports_versions_health_and_node_statistics_of_the_child()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.KubeQps = 7));
        var status = await agent.WaitForAsync(s => s.LastReportTime is not null);

        var cluster = await ReadClusterAsync(bed, status);
        var reported = cluster.Status!;
        Assert.Equal("v1.32.0", reported.KubernetesVersion);
        Assert.Equal("linux/amd64", reported.Platform);
        Assert.False(string.IsNullOrEmpty(reported.AgentVersion));
        Assert.Equal(bed.Child.BaseAddress.ToString().TrimEnd('/'), reported.ApiServerUrl);
        Assert.True(reported.Healthz && reported.Livez && reported.Readyz);
        Assert.Equal(3, reported.NodeStatistics!.ReadyNodes);
        Assert.Null(reported.NodeStatistics.NotReadyNodes);
        Assert.Equal(7f, reported.KubeQps);
        Assert.Equal(100, reported.KubeBurst);
        Assert.Equal(0, reported.HeartbeatFrequencySeconds);
        Assert.False(reported.UseSocket);
        Assert.NotNull(reported.LastObservedTime);
        var ready = Assert.Single(reported.Conditions!, c => c.Type == ClusterConditionType.Ready);
        Assert.Equal("True", ready.Status);
        Assert.Equal(ClusterConditionReasons.ManagedClusterReady, ready.Reason);
        Assert.Equal(ClusterConditionMessages.ManagedClusterReady, ready.Message);
    }

    [Fact]
    public async Task Capacity_and_allocatable_are_summed_over_ready_nodes_only()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());
        var status = await agent.WaitForAsync(s => s.LastReportTime is not null);
        var cluster = await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => c.Status?.Capacity is not null);
        Assert.Equal(20m, cluster.Status!.Capacity!["cpu"].ToDecimal());
        Assert.Equal(80m * 1024 * 1024 * 1024, cluster.Status.Allocatable!["memory"].ToDecimal());

        await bed.Child.Simulation!.SetNodeReadyAsync("big-1", false);

        cluster = await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => c.Status?.NodeStatistics?.NotReadyNodes == 1);
        Assert.Equal(2, cluster.Status!.NodeStatistics!.ReadyNodes);
        Assert.Equal(4m, cluster.Status.Capacity!["cpu"].ToDecimal());
        Assert.Equal(16m * 1024 * 1024 * 1024, cluster.Status.Allocatable!["memory"].ToDecimal());
    }

    [Fact]
    public async Task A_child_whose_readyz_fails_is_reported_not_ready_and_recovers()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());
        var status = await agent.WaitForAsync(s => s.LastReportTime is not null);

        bed.Child.Simulation!.SetApiServerReady(false);
        var cluster = await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => ReadyOf(c)?.Status == "False");
        var ready = ReadyOf(cluster)!;
        Assert.Equal(ClusterConditionReasons.ManagedClusterNotReady, ready.Reason);
        Assert.Equal(ClusterConditionMessages.ManagedClusterNotReady, ready.Message);
        Assert.False(cluster.Status!.Readyz);

        bed.Child.Simulation.SetApiServerReady(true);
        await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => ReadyOf(c)?.Status == "True" && c.Status!.Readyz);
    }

    [Fact]
    public async Task Node_labels_shared_by_enough_workers_are_raised_to_the_cluster_and_stale_ones_removed()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options(o => o.LabelAggregateThreshold = 0.6));
        var status = await agent.WaitForAsync(s => s.LastReportTime is not null);

        var cluster = await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => c.Metadata.Labels.ContainsKey("feature.node.kubernetes.io/cpu-cpuid.AVX2"));
        Assert.Equal("true", cluster.Metadata.Labels["feature.node.kubernetes.io/cpu-cpuid.AVX2"]);
        Assert.Equal("a", cluster.Metadata.Labels["node.clusternet.io/zone"]);            // 2 of 3 ≥ 0.6
        Assert.False(cluster.Metadata.Labels.ContainsKey("feature.node.kubernetes.io/pci-10de.present")); // 1 of 3
        Assert.Equal(status.ClusterId, cluster.Metadata.Labels[ClusternetLabels.ClusterId]);

        var node = await bed.ChildAdmin.CoreV1.ReadNodeAsync("small-1");
        node.Metadata.Labels.Remove("feature.node.kubernetes.io/cpu-cpuid.AVX2");
        node.Metadata.Labels.Remove("node.clusternet.io/zone");
        await bed.ChildAdmin.CoreV1.ReplaceNodeAsync(node, "small-1");

        cluster = await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => !c.Metadata.Labels.ContainsKey("node.clusternet.io/zone"));
        Assert.Equal("true", cluster.Metadata.Labels["feature.node.kubernetes.io/cpu-cpuid.AVX2"]);   // still 2 of 3
        Assert.Equal(status.ClusterId, cluster.Metadata.Labels[ClusternetLabels.ClusterId]);
    }

    [Fact]
    public async Task Conditions_set_by_the_parent_are_kept_by_the_report()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var agent = await bed.StartAgentAsync(bed.Options());
        var status = await agent.WaitForAsync(s => s.LastReportTime is not null);
        var clusters = bed.ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(status.DedicatedNamespace);
        var cluster = await ReadClusterAsync(bed, status);
        cluster.Status!.Conditions!.Add(new V1Condition
        {
            Type = ClusterConditionType.ClusterInit, Status = "True", Reason = ClusterConditionReasons.ClusterInitDisabled, Message = "x", LastTransitionTime = DateTime.UtcNow,
        });
        await Until.TrueAsync(async () => { await clusters.UpdateStatusAsync(cluster); return true; }, _ => true);
        var observed = cluster.Status.LastObservedTime;

        cluster = await Until.TrueAsync(() => ReadClusterAsync(bed, status), c => c.Status!.LastObservedTime > observed);

        Assert.Contains(cluster.Status!.Conditions!, c => c.Type == ClusterConditionType.ClusterInit);
    }

    private static V1Condition? ReadyOf(ManagedCluster cluster) => cluster.Status?.Conditions?.FirstOrDefault(c => c.Type == ClusterConditionType.Ready);

    private static async Task<ManagedCluster> ReadClusterAsync(AgentTestBed bed, ClusternetAgentStatus status) =>
        (await bed.ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(status.DedicatedNamespace)
            .ListAsync(new ListOptions { LabelSelector = $"{ClusternetLabels.ClusterId}={status.ClusterId}" })).Items.Single();
}
