using Clusternet.Testing;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Hosting;
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

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>
/// A parent control plane whose aggregator routes <c>proxies.clusternet.io</c> to a hub in Kestrel (HTTPS, its own CA),
/// a child control plane that the hub reaches only through the tunnel of an agent played by a
/// <see cref="RemoteDialerClient"/> (token of a parent ServiceAccount allowed <c>get sockets/&lt;id&gt;</c>), and a
/// ManagedCluster with its <c>child-cluster-deployer</c> Secret in the parent.
/// <list type="bullet">
/// <item>Parent users: the admin (<c>clusternet-admin</c>, system:masters); <see cref="AliceToken"/> alice, allowed
/// <c>sockets/proxy</c> on <see cref="ClusterId"/> and upstream's impersonation of <c>clusternet</c>; <see cref="BobToken"/> bob, no rights.</item>
/// <item>Child users: <c>clusternet-admin</c> bound to cluster-admin; alice bound to <c>view</c> in namespace
/// <see cref="AliceNamespace"/> only; <see cref="CarolChildToken"/> carol, bound to <c>edit</c> there; the deployer token (system:masters).</item>
/// </list>
/// </summary>
public sealed class HubFixture : IAsyncLifetime
{
    public const string AliceToken = "alice-parent-token-0123456789";
    public const string BobToken = "bob-parent-token-0123456789";
    public const string CarolChildToken = "carol-child-token-0123456789";
    public const string DeployerToken = "deployer-child-token-0123456789";
    public const string AliceNamespace = "alice-space";
    public const string ClusterNamespace = "clusternet-hubtest";

    private readonly CancellationTokenSource _agentStop = new();

    public string ClusterId { get; } = Guid.NewGuid().ToString();

    /// <summary>A cluster registered with <c>useSocket: true</c> whose agent never connects.</summary>
    public string NoSessionClusterId { get; } = Guid.NewGuid().ToString();

    /// <summary>A cluster with <c>useSocket: false</c> whose "API server" is <see cref="Echo"/>, reached directly.</summary>
    public string EchoClusterId { get; } = Guid.NewGuid().ToString();

    internal EchoServer Echo { get; private set; } = null!;

    public Plane Parent { get; private set; } = null!;

    public Plane Child { get; private set; } = null!;

    public Kubernetes ParentAdmin { get; private set; } = null!;

    public Kubernetes ChildAdmin { get; private set; } = null!;

    public WebApplication HubApp { get; private set; } = null!;

    public Uri HubAddress { get; private set; } = null!;

    public RemoteDialerServer Tunnel => HubApp.Services.GetRequiredService<RemoteDialerServer>();

    public string AgentToken { get; private set; } = string.Empty;

    public Task Agent { get; private set; } = Task.CompletedTask;

    /// <summary>How many connections the agent dialled for the hub.</summary>
    public int AgentDials;

    public async Task InitializeAsync()
    {
        Parent = await Plane.StartAsync(new ControlPlaneOptions
        {
            Security = new ControlPlaneSecurityOptions
            {
                Tokens = new Dictionary<string, StaticTokenUser>
                {
                    [AliceToken] = new StaticTokenUser("alice", ["developers"]),
                    [BobToken] = new StaticTokenUser("bob", []),
                },
            },
        });
        Child = await Plane.StartAsync(new ControlPlaneOptions
        {
            // One simulated node, so the child's pods run and can be exec'd into through the hub.
            Simulation = new Clusternet.ControlPlane.Simulation.SimulationOptions { Nodes = [new Clusternet.ControlPlane.Simulation.SimulatedNode("child-node")] },
            Security = new ControlPlaneSecurityOptions
            {
                Tokens = new Dictionary<string, StaticTokenUser>
                {
                    [CarolChildToken] = new StaticTokenUser("carol", []),
                    [DeployerToken] = new StaticTokenUser("clusternet-app-deployer", ["system:masters"]),
                },
            },
        });
        ParentAdmin = new Kubernetes(Parent.CreateAdminConfiguration());
        ChildAdmin = new Kubernetes(Child.CreateAdminConfiguration());

        await InstallCrdsAsync();
        await GrantParentRbacAsync();
        await GrantChildRbacAsync();
        await StartHubAsync();
        await RegisterClusterAsync();
        AgentToken = await IssueAgentTokenAsync();
        await WaitForAsync(ProxiesAvailableAsync, "APIService v1alpha1.proxies.clusternet.io Available");
        StartAgent();
        await WaitForAsync(() => Task.FromResult(Tunnel.HasSession(ClusterId) || Agent.IsCompleted), "the agent's session");
        if (Agent.IsCompleted)
        {
            await Agent;
        }
    }

    public async Task DisposeAsync()
    {
        await _agentStop.CancelAsync();
        try
        {
            await Agent;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        await HubApp.StopAsync();
        await Echo.DisposeAsync();
        await HubApp.DisposeAsync();
        ParentAdmin.Dispose();
        ChildAdmin.Dispose();
        await Child.DisposeAsync();
        await Parent.DisposeAsync();
    }

    /// <summary>A parent configuration for a static-token user.</summary>
    public KubernetesClientConfiguration ParentConfiguration(string token) => Parent.CreateConfiguration(token);

    /// <summary>An HttpClient that talks to the hub directly (trusting its CA), optionally as a parent token.</summary>
    public HttpClient HubClient(string? bearerToken = null)
    {
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = HubAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (bearerToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return client;
    }

    /// <summary>A handler that trusts the parent's CA, for agents dialing the parent.</summary>
    public HttpMessageHandler ParentTrustingHandler()
    {
        var ca = Parent.CertificateAuthority;
        return new SocketsHttpHandler
        {
            SslOptions =
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return certificate is not null && chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
    }

    public string ChildAddress => Child.BaseAddress.Host + ":" + Child.BaseAddress.Port;

    /// <summary>Starts an agent for <paramref name="clusterId"/> with <paramref name="token"/>; it dials only the child's API server.</summary>
    public RemoteDialerClient CreateAgent(string clusterId, string token, Func<string, string, bool>? allowDial = null) => new(new RemoteDialerClientOptions
    {
        SocketUri = RemoteDialerClientOptions.GetSocketUri(Parent.BaseAddress, clusterId),
        BearerToken = token,
        HttpHandler = ParentTrustingHandler(),
        ApiServerAddress = ChildAddress,
        AllowDial = allowDial,
    });

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("Timed out waiting for " + what);
            }

            await Task.Delay(50);
        }
    }

    private void StartAgent()
    {
        var agent = CreateAgent(ClusterId, AgentToken, (network, address) =>
        {
            var allowed = network == "tcp" && address == ChildAddress;
            if (allowed)
            {
                Interlocked.Increment(ref AgentDials);
            }

            return allowed;
        });
        Agent = Task.Run(() => agent.RunAsync(_agentStop.Token));
    }

    private async Task InstallCrdsAsync()
    {
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await ParentAdmin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }
    }

    private async Task GrantParentRbacAsync()
    {
        await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "hubtest-socketsproxy" },
            Rules =
            [
                new V1PolicyRule { ApiGroups = ["proxies.clusternet.io"], Resources = ["sockets/proxy"], ResourceNames = [ClusterId, EchoClusterId], Verbs = ["*"] },
                new V1PolicyRule { ApiGroups = [""], Resources = ["users"], ResourceNames = [ClusternetHeaders.ProxyUser], Verbs = ["impersonate"] },
                new V1PolicyRule
                {
                    ApiGroups = ["authentication.k8s.io"],
                    Resources = ["userextras/clusternet-token", "userextras/clusternet-certificate", "userextras/clusternet-privatekey"],
                    Verbs = ["impersonate"],
                },
            ],
        });
        await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "hubtest-socketsproxy" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "hubtest-socketsproxy" },
            Subjects =
            [
                new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" },
                new Rbacv1Subject { Kind = "User", Name = ClusternetHeaders.ProxyUser, ApiGroup = "rbac.authorization.k8s.io" },
            ],
        });
    }

    private async Task GrantChildRbacAsync()
    {
        await ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = AliceNamespace } });
        await ChildAdmin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "hubtest-admin" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = "clusternet-admin", ApiGroup = "rbac.authorization.k8s.io" }],
        });
        await ChildAdmin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "alice-view" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "view" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "alice", ApiGroup = "rbac.authorization.k8s.io" }],
            },
            AliceNamespace);
        await ChildAdmin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "carol-edit" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "edit" },
                Subjects = [new Rbacv1Subject { Kind = "User", Name = "carol", ApiGroup = "rbac.authorization.k8s.io" }],
            },
            AliceNamespace);
    }

    private async Task StartHubAsync()
    {
        var (caPem, serving) = TestHub.IssueServing();
        var port = TestHub.FreePort();
        HubApp = await TestHub.StartAsync(TestHub.CreateBuilder(Parent.CreateAdminConfiguration(), port, caPem, serving));
        HubAddress = new Uri($"https://127.0.0.1:{port}/");
    }

    private async Task RegisterClusterAsync()
    {
        await RegisterManagedClusterAsync(ClusterId, ClusterNamespace, Child.BaseAddress, useSocket: true, DeployerToken, Child.CertificateAuthority.ExportCertificatePem());
        await RegisterManagedClusterAsync(NoSessionClusterId, "clusternet-nosession", Child.BaseAddress, useSocket: true, DeployerToken, Child.CertificateAuthority.ExportCertificatePem());
        Echo = await EchoServer.StartAsync();
        await RegisterManagedClusterAsync(EchoClusterId, "clusternet-echo", Echo.Address, useSocket: false, EchoServer.DeployerToken, Echo.CaPem);
    }

    /// <summary>Creates the dedicated namespace, a ManagedCluster labelled with <paramref name="clusterId"/> and its <c>child-cluster-deployer</c> Secret.</summary>
    public async Task RegisterManagedClusterAsync(string clusterId, string ns, Uri apiServer, bool useSocket, string token, string caPem)
    {
        await ParentAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var clusters = ParentAdmin.Resource<ManagedCluster, ManagedClusterList>(ns);
        ManagedCluster? created = null;
        await WaitForAsync(
            async () =>
            {
                try
                {
                    created = await clusters.CreateAsync(new ManagedCluster
                    {
                        Metadata = new V1ObjectMeta { Name = "cluster", Labels = new Dictionary<string, string> { [ClusternetLabels.ClusterId] = clusterId } },
                        Spec = new ManagedClusterSpec { ClusterId = clusterId, SyncMode = "Pull" },
                    });
                    return true;
                }
                catch (Exception e) when (e is HttpOperationException or KubernetesApiException)
                {
                    // The CRD is not served yet.
                    return false;
                }
            },
            "the ManagedCluster CRD");
        created!.Status = new ManagedClusterStatus { ApiServerUrl = apiServer.ToString().TrimEnd('/'), UseSocket = useSocket };
        await clusters.UpdateStatusAsync(created);
        await ParentAdmin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = ClusternetNames.ChildClusterSecret, Labels = new Dictionary<string, string> { [ClusternetLabels.ClusterId] = clusterId } },
                Data = new Dictionary<string, byte[]>
                {
                    [ClusternetSecretKeys.Token] = Encoding.UTF8.GetBytes(token),
                    [ClusternetSecretKeys.CaCertificate] = Encoding.UTF8.GetBytes(caPem),
                    [ClusternetSecretKeys.ApiServerUrl] = Encoding.UTF8.GetBytes(apiServer.ToString().TrimEnd('/')),
                },
            },
            ns);
    }

    /// <summary>A token of the cluster's ServiceAccount in its dedicated namespace, allowed every verb on <c>sockets/&lt;id&gt;</c> only.</summary>
    private async Task<string> IssueAgentTokenAsync()
    {
        await ParentAdmin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "agent" } }, ClusterNamespace);
        return await IssueSocketTokenAsync(ClusterNamespace, "agent", ClusterId);
    }

    /// <summary>Binds ServiceAccount <paramref name="ns"/>/<paramref name="serviceAccount"/> to <c>sockets</c> named <paramref name="clusterId"/> and returns a token for it.</summary>
    public async Task<string> IssueSocketTokenAsync(string ns, string serviceAccount, string clusterId)
    {
        var role = "socket-" + clusterId;
        try
        {
            await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = role },
                Rules = [new V1PolicyRule { ApiGroups = ["proxies.clusternet.io"], Resources = ["sockets"], ResourceNames = [clusterId], Verbs = ["*"] }],
            });
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }

        await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = role + "-" + ns + "-" + serviceAccount },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = ns }],
        });
        var request = await ParentAdmin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = 3600 } }, serviceAccount, ns);
        return request.Status.Token;
    }

    private async Task<bool> ProxiesAvailableAsync()
    {
        try
        {
            var apiService = await ParentAdmin.ApiregistrationV1.ReadAPIServiceAsync("v1alpha1.proxies.clusternet.io");
            return apiService.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true;
        }
        catch (HttpOperationException)
        {
            return false;
        }
    }

}

[CollectionDefinition(Name)]
public sealed class HubCollection : ICollectionFixture<HubFixture>
{
    public const string Name = "hub";
}
