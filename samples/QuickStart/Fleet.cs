using System.Net;
using System.Net.Sockets;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Crds;
using Clusternet.Runtime.DependencyInjection;
using Clusternet.Runtime.Hub;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using EmbeddedControlPlane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.Samples.QuickStart;

/// <summary>
/// The whole fleet on 127.0.0.1: a parent control plane, one host running the hub (Kestrel, HTTPS, registered behind
/// the parent's aggregator) and the controller manager, three child control planes with simulated nodes, and one agent
/// per child. Every component talks to the clusters only over HTTPS, as it would to real ones.
/// With a state directory every cluster keeps its objects in SQLite there, so a second start resumes the same fleet.
/// </summary>
internal sealed class Fleet : IAsyncDisposable
{
    /// <summary>The bootstrap token agents register with (id <c>07401b</c>), as <c>kubeadm token create</c> would make it.</summary>
    public const string BootstrapToken = "07401b.f395accd246ae52d";

    private readonly List<IAsyncDisposable> _owned = [];

    private Fleet(EmbeddedControlPlane parent)
    {
        Parent = parent;
        ParentAdmin = new Kubernetes(parent.CreateAdminConfiguration());
    }

    public EmbeddedControlPlane Parent { get; }

    public Kubernetes ParentAdmin { get; }

    public WebApplication SystemHost { get; private set; } = null!;

    public Uri HubAddress { get; private set; } = null!;

    public IReadOnlyList<(ChildCluster Cluster, EmbeddedControlPlane Plane, ClusternetAgent Agent)> Children { get; private set; } = [];

    public static async Task<Fleet> StartAsync(string? stateDir, TextWriter output, CancellationToken cancellationToken)
    {
        // The parent keeps its port across restarts: agents keep the credentials they were given together with the
        // parent's URL, and treat credentials stored for another URL as belonging to another parent.
        var portFile = stateDir is null ? null : Path.Combine(stateDir, "parent.port");
        var port = portFile is not null && File.Exists(portFile) ? int.Parse(await File.ReadAllTextAsync(portFile, cancellationToken), System.Globalization.CultureInfo.InvariantCulture) : 0;
        EmbeddedControlPlane parent;
        try
        {
            parent = await EmbeddedControlPlane.StartAsync(new ControlPlaneOptions { DataDirectory = StatePath(stateDir, "parent"), Port = port }, cancellationToken);
        }
        catch (IOException e) when (port != 0)
        {
            throw new InvalidOperationException($"the saved parent cluster listens on 127.0.0.1:{port}, which is taken ({e.Message}); free it or use a new --state-dir", e);
        }

        if (portFile is not null)
        {
            await File.WriteAllTextAsync(portFile, parent.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        }

        var fleet = new Fleet(parent);
        try
        {
            output.WriteLine($"   parent control plane       {parent.BaseAddress}");
            await fleet.PrepareParentAsync(cancellationToken);
            await fleet.StartSystemAsync(stateDir, cancellationToken);
            output.WriteLine($"   hub + controller manager   {fleet.HubAddress} (behind the parent's aggregator as v1alpha1.proxies.clusternet.io)");
            await fleet.StartChildrenAsync(stateDir, output, cancellationToken);
            return fleet;
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }
    }

    private static string? StatePath(string? stateDir, string name) => stateDir is null ? null : Path.Combine(stateDir, "clusters", name);

    /// <summary>The Clusternet CRDs and a bootstrap token Secret; both survive in a resumed parent, so existing ones are kept.</summary>
    private async Task PrepareParentAsync(CancellationToken cancellationToken)
    {
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await CreateOrKeepAsync(() => ParentAdmin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken));
        }

        var (id, secret) = (BootstrapToken[..6], BootstrapToken[7..]);
        await CreateOrKeepAsync(() => ParentAdmin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "bootstrap-token-" + id },
                Type = "bootstrap.kubernetes.io/token",
                StringData = new Dictionary<string, string>
                {
                    ["token-id"] = id,
                    ["token-secret"] = secret,
                    ["usage-bootstrap-authentication"] = "true",
                    ["auth-extra-groups"] = ClusternetNames.BootstrapTokenGroup,
                },
            },
            "kube-system",
            cancellationToken: cancellationToken));
    }

    /// <summary>The hub and the controller manager in one ASP.NET Core host, as one "clusternet-system" process would run them.</summary>
    private async Task StartSystemAsync(string? stateDir, CancellationToken cancellationToken)
    {
        var (caPem, serving) = await HubCertificate.LoadOrIssueAsync(stateDir, cancellationToken);
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = serving }.AllowClusternetHubClientCertificates());
        }));
        builder.Services.AddClusternetHub(options =>
        {
            options.ParentConfiguration = Parent.CreateAdminConfiguration();
            options.SelfRegistration = new HubSelfRegistration { Port = port, CaBundle = caPem };

            // As upstream: children are reached only through their agents' tunnels, never dialled by the hub.
            options.AllowDirectProxy = false;
        });
        builder.Services.AddClusternetControllerManager(options =>
        {
            options.Parent = Parent.CreateAdminConfiguration();
            options.ApplyBootstrapRbac = true;
            options.LeaderElectionIdentity = "quickstart";
            options.LeaseDuration = TimeSpan.FromSeconds(4);
            options.RenewDeadline = TimeSpan.FromSeconds(3);
            options.RetryPeriod = TimeSpan.FromMilliseconds(500);
        });
        SystemHost = builder.Build();
        SystemHost.MapClusternetHub();
        await SystemHost.StartAsync(cancellationToken);
        HubAddress = new Uri($"https://127.0.0.1:{port}/");
    }

    private async Task StartChildrenAsync(string? stateDir, TextWriter output, CancellationToken cancellationToken)
    {
        var planes = await Task.WhenAll(ChildCluster.All.Select(c => EmbeddedControlPlane.StartAsync(
            new ControlPlaneOptions { DataDirectory = StatePath(stateDir, c.Name), Simulation = new SimulationOptions { Nodes = c.Nodes } },
            cancellationToken)));
        _owned.AddRange(planes);
        var children = new List<(ChildCluster, EmbeddedControlPlane, ClusternetAgent)>();
        foreach (var (cluster, plane) in ChildCluster.All.Zip(planes))
        {
            await GrantParentAdminAsync(plane, cancellationToken);
            output.WriteLine($"   child {cluster.Name,-20} {plane.BaseAddress} — {cluster.Description}");
            var agent = new ClusternetAgent(new ClusternetAgentOptions
            {
                ParentUrl = Parent.BaseAddress,
                BootstrapToken = BootstrapToken,
                ParentCertificateAuthority = [Parent.CertificateAuthority],
                Child = plane.CreateAdminConfiguration(),
                ClusterName = cluster.Name,
                ClusterLabels = new Dictionary<string, string>(cluster.Labels),

                // Dual: the agent also gives the parent a deployer credential for the child, which the hub needs to pass
                // the caller's own identity through to the child (docs/hub.md, identity passthrough).
                SyncMode = Apis.Clusters.V1Beta1.ClusterSyncMode.Dual,
                Tunnel = true,

                // Short periods so a newcomer sees the cluster Ready within seconds (upstream: 20 s / 3 min).
                StatusCollectPeriod = TimeSpan.FromSeconds(1),
                StatusReportPeriod = TimeSpan.FromSeconds(3),
                HeartbeatLeaseRenewPeriod = TimeSpan.FromSeconds(1),
                RetryPeriod = TimeSpan.FromMilliseconds(300),

                // A fixed identity takes the agent's own Lease back at once when a saved fleet resumes.
                LeaderElection = new ClusternetAgentLeaderElectionOptions
                {
                    Identity = "quickstart-" + cluster.Name,
                    LeaseDuration = TimeSpan.FromSeconds(4),
                    RenewDeadline = TimeSpan.FromSeconds(3),
                    RetryPeriod = TimeSpan.FromMilliseconds(300),
                },
            });
            children.Add((cluster, plane, agent));
        }

        Children = children;
        foreach (var (_, _, agent) in children)
        {
            await agent.StartAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The parent's administrator becomes cluster-admin in the child: through the hub, requests reach the child as the
    /// parent user (impersonated by the agent's deployer account), and the child's own RBAC decides.
    /// </summary>
    private static async Task GrantParentAdminAsync(EmbeddedControlPlane plane, CancellationToken cancellationToken)
    {
        using var child = new Kubernetes(plane.CreateAdminConfiguration());
        await CreateOrKeepAsync(() => child.RbacAuthorizationV1.CreateClusterRoleBindingAsync(
            new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "quickstart:parent-admin" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "clusternet-admin", ApiGroup = "rbac.authorization.k8s.io" }],
            },
            cancellationToken: cancellationToken));
    }

    private static async Task CreateOrKeepAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Stops the agents first (they would only retry against a parent going away), then the hub and controller manager, then the clusters.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, _, agent) in Children)
        {
            await agent.StopAsync(CancellationToken.None);
            agent.Dispose();
        }

        if (SystemHost is not null)
        {
            await SystemHost.StopAsync(CancellationToken.None);
            await SystemHost.DisposeAsync();
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        ParentAdmin.Dispose();
        await Parent.DisposeAsync();
    }
}
