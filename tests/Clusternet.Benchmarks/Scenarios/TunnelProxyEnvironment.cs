using Clusternet.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.Crds;
using Clusternet.Runtime.DependencyInjection;
using Clusternet.Runtime.Hub;
using Clusternet.Runtime.Tunnel;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// Parent and child control planes, a hub behind the parent's aggregator, and an in-process agent holding the child's
/// session: the child's API reached through parent → hub → tunnel, and directly, for side-by-side figures.
/// </summary>
internal sealed class TunnelProxyEnvironment : IAsyncDisposable
{
    private readonly CancellationTokenSource _agentStop = new();

    private TunnelProxyEnvironment(Plane parent, Plane child, WebApplication hub, string clusterId)
    {
        Parent = parent;
        Child = child;
        Hub = hub;
        ClusterId = clusterId;
    }

    public Plane Parent { get; }

    public Plane Child { get; }

    public WebApplication Hub { get; }

    public string ClusterId { get; }

    public Uri HubAddress { get; private set; } = null!;

    public RemoteDialerServer Tunnel => Hub.Services.GetRequiredService<RemoteDialerServer>();

    public Task Agent { get; private set; } = Task.CompletedTask;

    /// <summary>A client for the child through the parent's sockets proxy (paths are the child's, relative).</summary>
    public HttpClient ViaHub()
    {
        var client = new HttpClient(Parent.CreateTrustingHandler()) { BaseAddress = new Uri(Parent.BaseAddress, $"apis/proxies.clusternet.io/v1alpha1/sockets/{ClusterId}/proxy/direct/"), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Parent.AdminToken);
        return client;
    }

    /// <summary>A client for the child through the hub without the parent in front (bearer token reviewed by the hub).</summary>
    public HttpClient HubOnly()
    {
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        {
            BaseAddress = new Uri(HubAddress, $"apis/proxies.clusternet.io/v1alpha1/sockets/{ClusterId}/proxy/direct/"),
            Timeout = TimeSpan.FromMinutes(2),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Parent.AdminToken);
        return client;
    }

    /// <summary>A client for the child directly.</summary>
    public HttpClient Direct()
    {
        var client = new HttpClient(Child.CreateTrustingHandler()) { BaseAddress = Child.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Child.AdminToken);
        return client;
    }

    public static async Task<TunnelProxyEnvironment> StartAsync(CancellationToken cancellationToken)
    {
        var parent = await Plane.StartAsync(new PlaneOptions(), cancellationToken);
        var child = await Plane.StartAsync(new PlaneOptions(), cancellationToken);
        using var parentAdmin = new Kubernetes(parent.CreateAdminConfiguration());
        using var childAdmin = new Kubernetes(child.CreateAdminConfiguration());
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await parentAdmin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }

        // Identity passthrough drops system:masters, so the parent admin needs a binding of its own in the child.
        await childAdmin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(
            new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "bench-admin" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "clusternet-admin", ApiGroup = "rbac.authorization.k8s.io" }],
            },
            cancellationToken: cancellationToken);

        var (caPem, serving) = TestHub.IssueServing();
        var port = TestHub.FreePort();
        var hub = await TestHub.StartAsync(TestHub.CreateBuilder(parent.CreateAdminConfiguration(), port, caPem, serving), cancellationToken);

        var environment = new TunnelProxyEnvironment(parent, child, hub, Guid.NewGuid().ToString()) { HubAddress = new Uri($"https://127.0.0.1:{port}/") };
        await environment.RegisterAsync(parentAdmin, cancellationToken);
        // The hub registers its APIService in the background once it runs: absent at first, then Available.
        await WaitAsync(
            async () =>
            {
                try
                {
                    var service = await parentAdmin.ApiregistrationV1.ReadAPIServiceAsync("v1alpha1.proxies.clusternet.io", cancellationToken: cancellationToken);
                    return service.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            },
            cancellationToken);
        environment.StartAgent();
        await WaitAsync(() => Task.FromResult(environment.Tunnel.HasSession(environment.ClusterId) || environment.Agent.IsCompleted), cancellationToken);
        if (environment.Agent.IsCompleted)
        {
            await environment.Agent;
        }

        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        await _agentStop.CancelAsync();
        try
        {
            await Agent;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        await Hub.StopAsync();
        await Hub.DisposeAsync();
        await Child.DisposeAsync();
        await Parent.DisposeAsync();
    }

    private async Task RegisterAsync(Kubernetes parentAdmin, CancellationToken cancellationToken)
    {
        const string ns = "clusternet-bench";
        await parentAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } }, cancellationToken: cancellationToken);
        var clusters = parentAdmin.Resource<ManagedCluster, ManagedClusterList>(ns);
        ManagedCluster? created = null;
        await WaitAsync(
            async () =>
            {
                try
                {
                    created = await clusters.CreateAsync(
                        new ManagedCluster
                        {
                            Metadata = new V1ObjectMeta { Name = "bench", Labels = new Dictionary<string, string> { [ClusternetLabels.ClusterId] = ClusterId } },
                            Spec = new ManagedClusterSpec { ClusterId = ClusterId, SyncMode = "Pull" },
                        },
                        cancellationToken: cancellationToken);
                    return true;
                }
                catch (Exception e) when (e is HttpOperationException or KubernetesApiException)
                {
                    return false;
                }
            },
            cancellationToken);
        created!.Status = new ManagedClusterStatus { ApiServerUrl = Child.BaseAddress.ToString().TrimEnd('/'), UseSocket = true };
        await clusters.UpdateStatusAsync(created, cancellationToken: cancellationToken);
        await parentAdmin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = ClusternetNames.ChildClusterSecret },
                Data = new Dictionary<string, byte[]>
                {
                    [ClusternetSecretKeys.Token] = Encoding.UTF8.GetBytes(Child.AdminToken),
                    [ClusternetSecretKeys.CaCertificate] = Encoding.UTF8.GetBytes(Child.CertificateAuthority.ExportCertificatePem()),
                },
            },
            ns,
            cancellationToken: cancellationToken);
    }

    private void StartAgent()
    {
        var agent = new RemoteDialerClient(new RemoteDialerClientOptions
        {
            SocketUri = RemoteDialerClientOptions.GetSocketUri(Parent.BaseAddress, ClusterId),
            BearerToken = Parent.AdminToken,
            HttpHandler = Parent.CreateTrustingHandler(),
            ApiServerAddress = Child.BaseAddress.Host + ":" + Child.BaseAddress.Port,
        });
        Agent = Task.Run(() => agent.RunAsync(_agentStop.Token));
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the tunnel-proxy environment did not come up");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

}
