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

/// <summary>What a registered cluster's token and a bootstrap token may do in the parent, checked over HTTPS.</summary>
public sealed class LeastPrivilegeTests : IAsyncLifetime
{
    private ParentCluster _parent = null!;
    private ClusterRegistrationRequest _mine = null!;
    private ClusterRegistrationRequest _other = null!;
    private Kubernetes _asMine = null!;

    public async Task InitializeAsync()
    {
        _parent = await ParentCluster.StartAsync();
        var ids = new[] { Guid.NewGuid().ToString(), Guid.NewGuid().ToString() };
        await Task.WhenAll(_parent.RequestAsync(ids[0], "mine"), _parent.RequestAsync(ids[1], "other"));
        _mine = await _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(ids[0]));
        _other = await _parent.DecidedAsync(ClusternetNames.RegistrationRequestName(ids[1]));
        _asMine = _parent.As(Encoding.UTF8.GetString(_mine.Status!.Token!));
    }

    public async Task DisposeAsync()
    {
        _asMine.Dispose();
        await _parent.DisposeAsync();
    }

    [Fact]
    public async Task AClusterCannotReadAnotherClustersNamespace()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _asMine.CoreV1.ListNamespacedSecretAsync(_other.Status!.DedicatedNamespace));
        Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        var clusters = await Assert.ThrowsAsync<ForbiddenException>(() => new ClusternetClient(_asMine).ClustersV1Beta1.ManagedClusters(_other.Status!.DedicatedNamespace).ListAsync());
        Assert.Equal(HttpStatusCode.Forbidden, clusters.StatusCode);
    }

    [Fact]
    public async Task AClusterCannotReadASecretOutsideItsNamespace()
    {
        var otherToken = _other.Status!.DedicatedNamespace!;
        var secrets = await _parent.Admin.CoreV1.ListNamespacedSecretAsync(otherToken);
        foreach (var (ns, name) in new[] { (otherToken, secrets.Items[0].Metadata.Name), ("kube-system", "bootstrap-token-" + ParentCluster.BootstrapTokenId) })
        {
            var error = await Assert.ThrowsAsync<HttpOperationException>(() => _asMine.CoreV1.ReadNamespacedSecretAsync(name, ns));
            Assert.Equal(HttpStatusCode.Forbidden, error.Response.StatusCode);
        }
    }

    [Fact]
    public async Task AClusterCanOpenOnlyItsOwnTunnel()
    {
        Assert.True(await CanAsync(_asMine, "get", "proxies.clusternet.io", "sockets", _mine.Spec.ClusterId));
        Assert.False(await CanAsync(_asMine, "get", "proxies.clusternet.io", "sockets", _other.Spec.ClusterId));
        Assert.False(await CanAsync(_asMine, "create", "proxies.clusternet.io", "sockets/proxy", _mine.Spec.ClusterId));

        // Over the wire: the parent refuses another cluster's socket before routing.
        using var response = await SendAsync(_asMine, $"apis/proxies.clusternet.io/v1alpha1/sockets/{_other.Spec.ClusterId}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var own = await SendAsync(_asMine, $"apis/proxies.clusternet.io/v1alpha1/sockets/{_mine.Spec.ClusterId}");
        Assert.NotEqual(HttpStatusCode.Forbidden, own.StatusCode);
    }

    [Fact]
    public async Task AClusterMayWorkInItsOwnNamespace()
    {
        var ns = _mine.Status!.DedicatedNamespace!;
        await _parent.ReportAsync(_asMine, ns, _mine.Status.ManagedClusterName!);
        await _asMine.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new() { Name = ClusternetNames.ChildClusterSecret }, StringData = new Dictionary<string, string> { ["token"] = "t" } }, ns);
        await _asMine.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease { Metadata = new() { Name = _mine.Spec.ClusterId }, Spec = new V1LeaseSpec { LeaseDurationSeconds = 10, RenewTime = DateTime.UtcNow } }, ns);
        var own = await new ClusternetClient(_asMine).ClustersV1Beta1.ClusterRegistrationRequests().GetAsync(_mine.Metadata.Name);
        Assert.Equal(ApprovedResult.Approved, own.Status!.Result);

        Assert.False(await CanAsync(_asMine, "create", "", "pods", null, ns));
        Assert.False(await CanAsync(_asMine, "create", "rbac.authorization.k8s.io", "rolebindings", null, ns));
        Assert.False(await CanAsync(_asMine, "get", ClusterRegistrationRequest.KubeGroup, ClusterRegistrationRequest.KubePluralName, _other.Metadata.Name));
    }

    [Fact]
    public async Task ABootstrapTokenCannotReadAnotherClustersRequestOnceThatClusterCheckedIn()
    {
        await _parent.ReportAsync(_asMine, _mine.Status!.DedicatedNamespace!, _mine.Status.ManagedClusterName!);
        using var bootstrap = _parent.As(ParentCluster.BootstrapToken);
        var requests = new ClusternetClient(bootstrap).ClustersV1Beta1.ClusterRegistrationRequests();

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await requests.GetAsync(_mine.Metadata.Name);
                return false;
            }
            catch (ForbiddenException)
            {
                return true;
            }
        });
        await Assert.ThrowsAsync<ForbiddenException>(() => requests.GetAsync(ClusternetNames.RegistrationRequestName(Guid.NewGuid().ToString())));
        await Assert.ThrowsAsync<ForbiddenException>(() => requests.ListAsync());
    }

    [Fact]
    public async Task ABootstrapTokenCanReadTheRequestItJustPosted()
    {
        var id = Guid.NewGuid().ToString();
        await _parent.RequestAsync(id, "newcomer");
        using var bootstrap = _parent.As(ParentCluster.BootstrapToken);
        var requests = new ClusternetClient(bootstrap).ClustersV1Beta1.ClusterRegistrationRequests();

        var approved = await Eventually.ValueAsync(async () =>
        {
            var request = await requests.GetAsync(ClusternetNames.RegistrationRequestName(id));
            return request.Status?.Result == ApprovedResult.Approved ? request : null;
        });
        Assert.NotNull(approved.Status!.Token);
    }

    private static async Task<bool> CanAsync(Kubernetes client, string verb, string group, string resource, string? name, string? ns = null)
    {
        var review = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
        {
            Spec = new V1SelfSubjectAccessReviewSpec
            {
                ResourceAttributes = new V1ResourceAttributes
                {
                    Verb = verb,
                    Group = group,
                    Resource = resource.Split('/')[0],
                    Subresource = resource.Contains('/') ? resource.Split('/')[1] : null,
                    Name = name,
                    NamespaceProperty = ns,
                },
            },
        });
        return review.Status.Allowed;
    }

    private static async Task<HttpResponseMessage> SendAsync(Kubernetes client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path));
        await client.Credentials!.ProcessHttpRequestAsync(request, CancellationToken.None);
        return await client.HttpClient.SendAsync(request);
    }
}
