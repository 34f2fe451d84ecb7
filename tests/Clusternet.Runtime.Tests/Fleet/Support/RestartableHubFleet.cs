using Clusternet.Testing;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Redirection;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.DependencyInjection;
using Clusternet.Runtime.Hub;
using Clusternet.Runtime.Tests.Agent.Support;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using Clusternet.Runtime.Tests.Hub.Support;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Runtime.Tests.Fleet.Support;

/// <summary>
/// A fleet whose hub can be restarted: a parent with the real controller manager, the real hub (its own Kestrel host on
/// a fixed port, registered behind the parent's aggregator, <c>AllowDirectProxy = false</c> so children are reached only
/// through their tunnels), and three children with simulated nodes, each with a real agent (tunnel on, Dual sync mode so
/// the hub has the child credentials it impersonates the parent admin with). The parent admin is cluster-admin in every child.
/// </summary>
public sealed class RestartableHubFleet : IAsyncLifetime
{
    private const int ChildCount = 3;

    private readonly int _hubPort = TestHub.FreePort();
    private readonly (string CaPem, X509Certificate2 Serving) _hubCertificate = TestHub.IssueServing();
    private ParentCluster _parent = null!;
    private WebApplication? _hub;

    public Plane Parent => _parent.Plane;

    public Kubernetes ParentAdmin => _parent.Admin;

    /// <summary>The children in start order, with their admins (direct) and agents.</summary>
    public IReadOnlyList<(Plane Plane, Kubernetes Admin, ClusternetAgent Agent)> Children { get; private set; } = [];

    /// <summary>Restarts observed so far; each test uses it to tell its restart from an earlier one.</summary>
    public int Restarts { get; private set; }

    public async Task InitializeAsync()
    {
        _parent = await ParentCluster.StartAsync();
        await StartHubAsync();
        var planes = await Task.WhenAll(Enumerable.Range(0, ChildCount).Select(i => Plane.StartAsync(new PlaneOptions
        {
            Simulation = new SimulationOptions { Nodes = [new SimulatedNode($"node-{i}") { Cpu = "4", Memory = "8Gi" }] },
        })));
        var children = new List<(Plane, Kubernetes, ClusternetAgent)>();
        foreach (var (plane, index) in planes.Select((p, i) => (p, i)))
        {
            var admin = new Kubernetes(plane.CreateAdminConfiguration());
            await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "fleet:parent-admin" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "clusternet-admin", ApiGroup = "rbac.authorization.k8s.io" }],
            });
            var agent = new ClusternetAgent(new ClusternetAgentOptions
            {
                ParentUrl = Parent.BaseAddress,
                BootstrapToken = ParentCluster.BootstrapToken,
                ParentCertificateAuthority = [Parent.CertificateAuthority],
                Child = plane.CreateAdminConfiguration(),
                ClusterName = "child-" + index,
                SyncMode = Apis.Clusters.V1Beta1.ClusterSyncMode.Dual,
                Tunnel = true,
                StatusCollectPeriod = TimeSpan.FromSeconds(1),
                StatusReportPeriod = TimeSpan.FromSeconds(2),
                HeartbeatLeaseRenewPeriod = TimeSpan.FromSeconds(1),
                RetryPeriod = TimeSpan.FromMilliseconds(300),
                LeaderElection = new ClusternetAgentLeaderElectionOptions
                {
                    LeaseDuration = TimeSpan.FromSeconds(4),
                    RenewDeadline = TimeSpan.FromSeconds(3),
                    RetryPeriod = TimeSpan.FromMilliseconds(300),
                },
            });
            children.Add((plane, admin, agent));
        }

        Children = children;
        foreach (var (_, _, agent) in Children)
        {
            await agent.StartAsync(CancellationToken.None);
        }

        await Task.WhenAll(Children.Select(c => c.Agent.WaitForAsync(s => s.TunnelConnected, TimeSpan.FromSeconds(90))));
        await Task.WhenAll(Children.Select(c => WaitReachableAsync(c.Agent.Status.ClusterId!, TimeSpan.FromSeconds(60))));
    }

    public async Task DisposeAsync()
    {
        foreach (var (_, _, agent) in Children)
        {
            await agent.StopAsync(CancellationToken.None);
            agent.Dispose();
        }

        await StopHubAsync();
        foreach (var (plane, admin, _) in Children)
        {
            admin.Dispose();
            await plane.DisposeAsync();
        }

        await _parent.DisposeAsync();
    }

    /// <summary>A KubernetesClient for the child with that id, through parent → aggregator → hub → tunnel, as the parent admin.</summary>
    public Kubernetes ThroughHub(string clusterId) => ClusterRedirection.ForCluster(clusterId).CreateKubernetes(Parent.CreateAdminConfiguration());

    /// <summary>Stops the hub as a crashing or redeployed hub would go: open tunnels and proxied streams are cut.</summary>
    public async Task StopHubAsync()
    {
        if (_hub is { } hub)
        {
            _hub = null;

            // Kestrel waits this long for open requests (tunnels, watches) before it aborts them.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
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

    /// <summary>Starts a new hub on the same port with the same serving certificate, as a restarted hub Pod behind its Service.</summary>
    public async Task StartHubAsync()
    {
        var (caPem, serving) = _hubCertificate;
        var app = await TestHub.StartAsync(TestHub.CreateBuilder(Parent.CreateAdminConfiguration(), _hubPort, caPem, serving, options =>
        {
            options.AllowDirectProxy = false;
            options.ShadowApi = false;
        }));
        _hub = app;
    }

    /// <summary>Stops the hub, waits until every agent has noticed, and starts it again.</summary>
    public async Task RestartHubAsync()
    {
        await StopHubAsync();
        await Task.WhenAll(Children.Select(c => c.Agent.WaitForAsync(s => !s.TunnelConnected, TimeSpan.FromSeconds(30))));
        Restarts++;
        await StartHubAsync();
    }

    /// <summary>Waits until a request through the hub to that child succeeds.</summary>
    public async Task WaitReachableAsync(string clusterId, TimeSpan timeout)
    {
        using var child = ThroughHub(clusterId);
        await Eventually.TrueAsync(async () => (await child.CoreV1.ReadNamespaceAsync("kube-system")).Metadata.Name == "kube-system", timeout);
    }

}
