using System.Net;
using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.ControllerManager;

public sealed class ApproverTests : IAsyncLifetime
{
    private ParentCluster _parent = null!;

    public async Task InitializeAsync() => _parent = await ParentCluster.StartAsync();

    public async Task DisposeAsync() => await _parent.DisposeAsync();

    [Fact]
    public async Task ThreeConcurrentRequestsEachGetTheirOwnNamespaceAndAWorkingToken()
    {
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid().ToString()).ToArray();
        await Task.WhenAll(ids.Select((id, i) => _parent.RequestAsync(id, $"child-{i}")));
        var decided = await Task.WhenAll(ids.Select(id => _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(id))));

        Assert.All(decided, r => Assert.Equal(ApprovedResult.Approved, r.Status!.Result));
        Assert.Equal(3, decided.Select(r => r.Status!.DedicatedNamespace).Distinct().Count());
        Assert.All(decided, r => Assert.StartsWith(ClusternetNames.ObjectPrefix, r.Status!.DedicatedNamespace));
        Assert.Equal(3, decided.Select(r => Convert.ToBase64String(r.Status!.Token!)).Distinct().Count());
        foreach (var request in decided)
        {
            Assert.Contains("BEGIN CERTIFICATE", Encoding.ASCII.GetString(request.Status!.CaCertificate!), StringComparison.Ordinal);
            using var asCluster = _parent.As(Encoding.UTF8.GetString(request.Status.Token!));
            var cluster = await new ClusternetClient(asCluster).ClustersV1Beta1.ManagedClusters(request.Status.DedicatedNamespace).GetAsync(request.Status.ManagedClusterName!);
            Assert.Equal(request.Spec.ClusterId, cluster.Spec.ClusterId);
            Assert.Equal(ClusterSyncMode.Pull, cluster.Spec.SyncMode);
            Assert.Equal(request.Spec.ClusterId, cluster.Metadata.Labels[ClusternetLabels.ClusterId]);
        }
    }

    [Fact]
    public async Task ARequestWhoseNameDoesNotMatchItsIdIsDeniedWithAReason()
    {
        var id = Guid.NewGuid().ToString();
        await _parent.RequestAsync(id, "impostor", requestName: ClusternetNames.RegistrationRequestName(Guid.NewGuid().ToString()));
        var request = await Eventually.ValueAsync(async () =>
            (await _parent.Clusternet.ClustersV1Beta1.ClusterRegistrationRequests().ListAsync()).Items.FirstOrDefault(r => r.Spec.ClusterId == id && r.Status?.Result is not null));

        Assert.Equal(ApprovedResult.Denied, request.Status!.Result);
        Assert.Contains("does not match its cluster id", request.Status.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(request.Status.Token);
        Assert.Null(request.Status.DedicatedNamespace);
    }

    [Fact]
    public async Task AMalformedRequestFailsWithTheFieldInTheMessage()
    {
        var id = Guid.NewGuid().ToString();
        await _parent.RequestAsync(id, "odd", spec => spec.ClusterType = "MainframeCluster");
        var request = await _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(id));

        Assert.Equal(ApprovedResult.Failed, request.Status!.Result);
        Assert.Contains("spec.clusterType", request.Status.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestForASystemNamespaceIsDenied()
    {
        var id = Guid.NewGuid().ToString();
        await _parent.RequestAsync(id, "greedy", spec => spec.ClusterNamespace = "kube-system");
        var request = await _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(id));

        Assert.Equal(ApprovedResult.Denied, request.Status!.Result);
        Assert.Contains("kube-system", request.Status.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestedNamespaceIsUsedWhenFree()
    {
        var id = Guid.NewGuid().ToString();
        await _parent.RequestAsync(id, "named", spec => spec.ClusterNamespace = "edge-store-42");
        var request = await _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(id));

        Assert.Equal(ApprovedResult.Approved, request.Status!.Result);
        Assert.Equal("edge-store-42", request.Status.DedicatedNamespace);
    }

    [Fact]
    public async Task ARequestPostedAgainAfterARestartGetsTheSameNamespaceAndToken()
    {
        var id = Guid.NewGuid().ToString();
        var name = ClusternetNames.RegistrationRequestName(id);
        await _parent.RequestAsync(id, "again");
        var first = await _parent.DecidedAsync(name);

        await _parent.StopControllerManagerAsync();
        await _parent.Clusternet.ClustersV1Beta1.ClusterRegistrationRequests().DeleteAsync(name);
        await _parent.RequestAsync(id, "again");
        await _parent.StartControllerManagerAsync();
        var second = await _parent.DecidedAsync(name);

        Assert.Equal(ApprovedResult.Approved, second.Status!.Result);
        Assert.Equal(first.Status!.DedicatedNamespace, second.Status.DedicatedNamespace);
        Assert.Equal(first.Status.Token, second.Status.Token);
        var clusters = await _parent.Clusternet.ClustersV1Beta1.ManagedClusters().ListAsync(new ListOptions { LabelSelector = $"{ClusternetLabels.ClusterId}={id}" });
        Assert.Single(clusters.Items);
        var namespaces = await _parent.Admin.CoreV1.ListNamespaceAsync(labelSelector: $"{ClusternetLabels.ClusterId}={id}");
        Assert.Single(namespaces.Items);
    }
}
