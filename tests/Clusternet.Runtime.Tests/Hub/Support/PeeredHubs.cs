using Clusternet.Testing;
using System.Security.Cryptography.X509Certificates;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Redirection;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Hub;
using Clusternet.Runtime.Hub.Peering;
using Clusternet.Runtime.Tests.Agent.Support;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using Clusternet.Runtime.Tunnel;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>
/// Two hub replicas with peering on, behind one Service of the parent's aggregator (one Endpoints subset per replica,
/// the same serving certificate, as replicas of one Deployment), the real controller manager, and one child with
/// simulated nodes whose real agent (tunnel on, Dual sync mode) holds its session with whichever replica the
/// aggregator picked. The parent admin is cluster-admin in the child.
/// </summary>
public sealed class PeeredHubs : IAsyncLifetime
{
    /// <summary>Short, so that an expired peer Lease is noticed within seconds.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);

    private readonly (string CaPem, X509Certificate2 Serving) _certificate = TestHub.IssueServing();
    private ParentCluster _parent = null!;

    public Plane Parent => _parent.Plane;

    public Kubernetes ParentAdmin => _parent.Admin;

    public IReadOnlyList<(WebApplication App, int Port)> Hubs { get; private set; } = [];

    public Plane Child { get; private set; } = null!;

    public ClusternetAgent Agent { get; private set; } = null!;

    public string ClusterId => Agent.Status.ClusterId!;

    public async Task InitializeAsync()
    {
        _parent = await ParentCluster.StartAsync();
        var ports = new[] { TestHub.FreePort(), TestHub.FreePort() };
        var hubs = new List<(WebApplication, int)>();
        foreach (var (port, index) in ports.Select((p, i) => (p, i)))
        {
            hubs.Add((await TestHub.StartAsync(TestHub.CreateBuilder(Parent.CreateAdminConfiguration(), port, _certificate.CaPem, _certificate.Serving, options =>
            {
                options.AllowDirectProxy = false;
                options.ShadowApi = false;
                options.SelfRegistration = index == 0 ? options.SelfRegistration : null;
                options.Peering = new HubPeeringOptions
                {
                    AdvertiseAddress = "127.0.0.1",
                    Port = port,
                    LeaseDuration = LeaseDuration,
                    RenewPeriod = TimeSpan.FromMilliseconds(300),
                    CertificateAuthority = _certificate.CaPem,
                };
            })), port));
        }

        Hubs = hubs;

        // The first replica registered the APIService, Service and Endpoints; the Service now gets both replicas.
        await Eventually.TrueAsync(async () => (await ParentAdmin.CoreV1.ListNamespacedEndpointsAsync(ClusternetNamespaces.System)).Items.Any(e => e.Metadata.Name == "clusternet-hub"), TimeSpan.FromSeconds(30));
        var endpoints = await ParentAdmin.CoreV1.ReadNamespacedEndpointsAsync("clusternet-hub", ClusternetNamespaces.System);
        endpoints.Subsets = [.. ports.Select(port => new V1EndpointSubset
        {
            Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }],
            Ports = [new Corev1EndpointPort { Name = "https", Port = port, Protocol = "TCP" }],
        })];
        await ParentAdmin.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, "clusternet-hub", ClusternetNamespaces.System);

        // Each replica links to the other once it has seen its Lease.
        await Eventually.TrueAsync(() => Task.FromResult(hubs.All(h => Peering(h.Item1).PeerIds.Count == 1)), TimeSpan.FromSeconds(30));

        Child = await Plane.StartAsync(new PlaneOptions { Simulation = new SimulationOptions { Nodes = [new SimulatedNode("node-0") { Cpu = "4", Memory = "8Gi" }] } });
        using (var childAdmin = new Kubernetes(Child.CreateAdminConfiguration()))
        {
            await childAdmin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "peering:parent-admin" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "clusternet-admin", ApiGroup = "rbac.authorization.k8s.io" }],
            });
        }

        Agent = new ClusternetAgent(new ClusternetAgentOptions
        {
            ParentUrl = Parent.BaseAddress,
            BootstrapToken = ParentCluster.BootstrapToken,
            ParentCertificateAuthority = [Parent.CertificateAuthority],
            Child = Child.CreateAdminConfiguration(),
            ClusterName = "peered-child",
            SyncMode = Apis.Clusters.V1Beta1.ClusterSyncMode.Dual,
            Tunnel = true,
            StatusCollectPeriod = TimeSpan.FromSeconds(1),
            StatusReportPeriod = TimeSpan.FromSeconds(2),
            RetryPeriod = TimeSpan.FromMilliseconds(300),
        });
        await Agent.StartAsync(CancellationToken.None);
        await Agent.WaitForAsync(s => s.TunnelConnected, TimeSpan.FromSeconds(90));
    }

    public async Task DisposeAsync()
    {
        await Agent.StopAsync(CancellationToken.None);
        Agent.Dispose();
        foreach (var (app, _) in Hubs)
        {
            try
            {
                await StopAsync(app);
            }
            catch (ObjectDisposedException)
            {
                // a test stopped this replica already
            }
        }

        await Child.DisposeAsync();
        await _parent.DisposeAsync();
    }

    public static RemoteDialerServer Tunnel(WebApplication hub) => hub.Services.GetRequiredService<RemoteDialerServer>();

    internal static HubPeering Peering(WebApplication hub) => hub.Services.GetRequiredService<ClusternetHub>().Peering!;

    /// <summary>A KubernetesClient for the child through parent → aggregator → either replica → tunnel, as the parent admin.</summary>
    public Kubernetes ThroughHub() => ClusterRedirection.ForCluster(ClusterId).CreateKubernetes(Parent.CreateAdminConfiguration());

    public static async Task StopAsync(WebApplication hub)
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await hub.StopAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await hub.DisposeAsync();
    }
}
