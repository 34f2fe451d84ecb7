using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.ControllerManager;

/// <summary>Readiness and taints from heartbeats, with periods of a second so the grace (3 × period) passes quickly.</summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private ParentCluster _parent = null!;

    public async Task InitializeAsync() => _parent = await ParentCluster.StartAsync(o => o.DefaultGracePeriod = TimeSpan.FromSeconds(2));

    public async Task DisposeAsync() => await _parent.DisposeAsync();

    [Fact]
    public async Task AClusterWhoseReportsStopBecomesUnknownAndTaintedThenRecovers()
    {
        var (asCluster, ns, name) = await RegisterAsync("quiet");
        var clusters = _parent.Clusternet.ClustersV1Beta1.ManagedClusters(ns);
        await _parent.ReportAsync(asCluster, ns, name, heartbeatSeconds: 1);
        Assert.Empty(ManagedTaints(await clusters.GetAsync(name)));

        // No more reports: after 3 × 1 s the cluster is Unknown, health flags false, both taints on.
        var lost = await Eventually.ValueAsync(async () =>
        {
            var c = await clusters.GetAsync(name);
            return ManagedTaints(c).Count == 2 ? c : null;
        }, TimeSpan.FromSeconds(10));
        var ready = lost.Status!.Conditions!.Single(c => c.Type == ClusterConditionType.Ready);
        Assert.Equal("Unknown", ready.Status);
        Assert.Equal(ClusterConditionReasons.ClusterStatusUnknown, ready.Reason);
        Assert.Equal(ClusterConditionMessages.ClusterStatusUnknown, ready.Message);
        Assert.False(lost.Status.Healthz || lost.Status.Livez || lost.Status.Readyz);
        Assert.All(ManagedTaints(lost), t => Assert.Equal((ClusternetTaints.Effect, ClusterConditionReasons.ClusterStatusUnknown), (t.Effect, t.Value)));
        Assert.Contains(lost.Spec.Taints!, t => t.Key == ClusternetLifecycleTaints.Unreachable);

        // Reports resume: Ready, and both taints go in one pass.
        await _parent.ReportAsync(asCluster, ns, name, heartbeatSeconds: 60);
        await Eventually.TrueAsync(async () => ManagedTaints(await clusters.GetAsync(name)).Count == 0);
        var back = await clusters.GetAsync(name);
        Assert.Equal("True", back.Status!.Conditions!.Single(c => c.Type == ClusterConditionType.Ready).Status);
    }

    [Fact]
    public async Task AClusterThatNeverReportsIsUnknownWithTheNeverUpdatedReason()
    {
        var (_, ns, name) = await RegisterAsync("silent");
        var clusters = _parent.Clusternet.ClustersV1Beta1.ManagedClusters(ns);

        var lost = await Eventually.ValueAsync(async () =>
        {
            var c = await clusters.GetAsync(name);
            return ManagedTaints(c).Count == 2 ? c : null;
        }, TimeSpan.FromSeconds(10));
        Assert.Equal(ClusterConditionReasons.ClusterStatusNeverUpdated, lost.Status!.Conditions!.Single(c => c.Type == ClusterConditionType.Ready).Reason);
    }

    [Fact]
    public async Task ANotReadyReportGetsOnlyTheUnschedulableTaint()
    {
        var (asCluster, ns, name) = await RegisterAsync("sick");
        var clusters = _parent.Clusternet.ClustersV1Beta1.ManagedClusters(ns);
        await _parent.ReportAsync(asCluster, ns, name, ready: false, heartbeatSeconds: 60);

        var tainted = await Eventually.ValueAsync(async () =>
        {
            var c = await clusters.GetAsync(name);
            return ManagedTaints(c).Count > 0 ? c : null;
        });
        var taint = Assert.Single(ManagedTaints(tainted));
        Assert.Equal((ClusternetTaints.Unschedulable, ClusterConditionReasons.ManagedClusterNotReady), (taint.Key, taint.Value));
    }

    [Fact]
    public async Task ARenewedLeaseKeepsAClusterAliveWithoutStatusReports()
    {
        var (asCluster, ns, name) = await RegisterAsync("leased");
        var clusters = _parent.Clusternet.ClustersV1Beta1.ManagedClusters(ns);
        var id = (await clusters.GetAsync(name)).Spec.ClusterId;
        await _parent.ReportAsync(asCluster, ns, name, heartbeatSeconds: 1);
        var lease = await asCluster.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = id, Labels = new Dictionary<string, string> { [ClusternetLabels.ClusterId] = id } },
            Spec = new V1LeaseSpec { HolderIdentity = "agent", LeaseDurationSeconds = 1, RenewTime = DateTime.UtcNow },
        }, ns);

        // Renew for 5 s (past the 3 s status grace), then stop: the cluster stays Ready, then is lost.
        var until = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < until)
        {
            lease.Spec.RenewTime = DateTime.UtcNow;
            lease = await asCluster.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, id, ns);
            Assert.Empty(ManagedTaints(await clusters.GetAsync(name)));
            await Task.Delay(300);
        }

        await Eventually.TrueAsync(async () => ManagedTaints(await clusters.GetAsync(name)).Count == 2, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ALeaseAloneDoesNotKeepAClusterThatNeverReportedAlive()
    {
        var (asCluster, ns, name) = await RegisterAsync("leased-silent");
        var clusters = _parent.Clusternet.ClustersV1Beta1.ManagedClusters(ns);
        var id = (await clusters.GetAsync(name)).Spec.ClusterId;
        var lease = await asCluster.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = id, Labels = new Dictionary<string, string> { [ClusternetLabels.ClusterId] = id } },
            Spec = new V1LeaseSpec { HolderIdentity = "agent", LeaseDurationSeconds = 1, RenewTime = DateTime.UtcNow },
        }, ns);

        // The Lease is renewed all along, but no status is ever reported: past the 2 s default grace the cluster is lost.
        ManagedCluster? lost = null;
        var until = DateTime.UtcNow.AddSeconds(10);
        while (lost is null && DateTime.UtcNow < until)
        {
            lease.Spec.RenewTime = DateTime.UtcNow;
            lease = await asCluster.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, id, ns);
            var cluster = await clusters.GetAsync(name);
            lost = ManagedTaints(cluster).Count == 2 ? cluster : null;
            await Task.Delay(300);
        }

        Assert.NotNull(lost);
        Assert.Equal(ClusterConditionReasons.ClusterStatusNeverUpdated, lost.Status!.Conditions!.Single(c => c.Type == ClusterConditionType.Ready).Reason);
    }

    private async Task<(Kubernetes AsCluster, string Namespace, string Name)> RegisterAsync(string name)
    {
        var id = Guid.NewGuid().ToString();
        await _parent.RequestAsync(id, name);
        var request = await _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(id));
        return (_parent.As(Encoding.UTF8.GetString(request.Status!.Token!)), request.Status.DedicatedNamespace!, request.Status.ManagedClusterName!);
    }

    private static List<V1Taint> ManagedTaints(ManagedCluster cluster) =>
        cluster.Spec.Taints?.Where(t => t.Key is ClusternetTaints.Unschedulable or ClusternetLifecycleTaints.Unreachable).ToList() ?? [];
}
