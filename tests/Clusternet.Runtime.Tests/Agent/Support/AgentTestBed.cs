using System.Text;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Crds;
using Clusternet.Testing;
using k8s;
using k8s.Models;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Runtime.Tests.Agent.Support;

/// <summary>
/// A parent control plane (Clusternet CRDs, a bootstrap token and upstream's bootstrap RBAC) and a child control plane with
/// simulated nodes, both over HTTPS on 127.0.0.1; agents built here use short periods.
/// </summary>
internal sealed class AgentTestBed : IAsyncDisposable
{
    public const string BootstrapToken = "07401b.f395accd246ae52d";

    private readonly List<ClusternetAgent> _agents = [];

    private AgentTestBed(Plane parent, Plane child)
    {
        Parent = parent;
        Child = child;
        ParentAdmin = new Kubernetes(parent.CreateAdminConfiguration());
        ChildAdmin = new Kubernetes(child.CreateAdminConfiguration());
    }

    public Plane Parent { get; }

    public Plane Child { get; }

    public Kubernetes ParentAdmin { get; }

    public Kubernetes ChildAdmin { get; }

    public TestApprover? Approver { get; private set; }

    public static readonly IReadOnlyList<SimulatedNode> DefaultNodes =
    [
        new SimulatedNode("small-1") { Cpu = "2", Memory = "8Gi", Labels = new Dictionary<string, string> { ["feature.node.kubernetes.io/cpu-cpuid.AVX2"] = "true", ["node.clusternet.io/zone"] = "a" } },
        new SimulatedNode("small-2") { Cpu = "2", Memory = "8Gi", Labels = new Dictionary<string, string> { ["feature.node.kubernetes.io/cpu-cpuid.AVX2"] = "true", ["node.clusternet.io/zone"] = "a" } },
        new SimulatedNode("big-1") { Cpu = "16", Memory = "64Gi", Labels = new Dictionary<string, string> { ["feature.node.kubernetes.io/cpu-cpuid.AVX2"] = "true", ["node.clusternet.io/zone"] = "b", ["feature.node.kubernetes.io/pci-10de.present"] = "true" } },
    ];

    public static async Task<AgentTestBed> StartAsync(bool approver = true, IReadOnlyList<SimulatedNode>? nodes = null, bool approverGrantsDelete = true)
    {
        var parent = await Plane.StartAsync(new PlaneOptions());
        var child = await Plane.StartAsync(new PlaneOptions { Simulation = new SimulationOptions { Nodes = nodes ?? DefaultNodes } });
        var bed = new AgentTestBed(parent, child);
        await bed.PrepareParentAsync();
        if (approver)
        {
            bed.Approver = new TestApprover(bed.ParentAdmin, approverGrantsDelete);
        }

        return bed;
    }

    public ClusternetAgentOptions Options(Action<ClusternetAgentOptions>? configure = null)
    {
        var options = new ClusternetAgentOptions
        {
            ParentUrl = Parent.BaseAddress,
            BootstrapToken = BootstrapToken,
            Child = Child.CreateAdminConfiguration(),
            StatusCollectPeriod = TimeSpan.FromMilliseconds(200),
            StatusReportPeriod = TimeSpan.FromMilliseconds(500),
            HeartbeatLeaseRenewPeriod = TimeSpan.FromMilliseconds(500),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            Tunnel = false,
            LeaderElection = new ClusternetAgentLeaderElectionOptions
            {
                LeaseDuration = TimeSpan.FromSeconds(3),
                RenewDeadline = TimeSpan.FromSeconds(2),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            },
        };
        configure?.Invoke(options);
        return options;
    }

    public async Task<ClusternetAgent> StartAgentAsync(ClusternetAgentOptions options)
    {
        var agent = new ClusternetAgent(options);
        _agents.Add(agent);
        await agent.StartAsync(CancellationToken.None);
        return agent;
    }

    public async Task StopAgentAsync(ClusternetAgent agent)
    {
        _agents.Remove(agent);
        await agent.StopAsync(CancellationToken.None);
        agent.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents.ToArray())
        {
            await StopAgentAsync(agent);
        }

        if (Approver is not null)
        {
            await Approver.DisposeAsync();
        }

        ParentAdmin.Dispose();
        ChildAdmin.Dispose();
        await Child.DisposeAsync();
        await Parent.DisposeAsync();
    }

    // The shipped bootstrap RBAC allows only `create`; the real approver then grants `get` on each request while its
    // cluster registers. The stand-in approver does not, so the bed grants the bootstrap group `get` on every request.
    private static readonly V1ClusterRoleBinding TestApproverReadGrant = new()
    {
        Metadata = new V1ObjectMeta { Name = "test:bootstrap-reads-requests" },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "test:read-requests" },
        Subjects = [new Rbacv1Subject { Kind = "Group", Name = "system:bootstrappers:clusternet:register-cluster-token", ApiGroup = "rbac.authorization.k8s.io" }],
    };

    private async Task PrepareParentAsync()
    {
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await ParentAdmin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        var (id, secret) = (BootstrapToken[..6], BootstrapToken[7..]);
        await ParentAdmin.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = $"bootstrap-token-{id}" },
                Type = "bootstrap.kubernetes.io/token",
                Data = new Dictionary<string, byte[]>
                {
                    ["token-id"] = Encoding.UTF8.GetBytes(id),
                    ["token-secret"] = Encoding.UTF8.GetBytes(secret),
                    ["usage-bootstrap-authentication"] = "true"u8.ToArray(),
                    ["auth-extra-groups"] = "system:bootstrappers:clusternet:register-cluster-token"u8.ToArray(),
                },
            },
            "kube-system");

        var yaml = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "controller-manager", "bootstrap-rbac.yaml"));
        await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "test:read-requests" },
            Rules = [new V1PolicyRule { ApiGroups = ["clusters.clusternet.io"], Resources = ["clusterregistrationrequests"], Verbs = ["get"] }],
        });
        foreach (var item in KubernetesYaml.LoadAllFromString(yaml).Append(TestApproverReadGrant))
        {
            switch (item)
            {
                case V1ClusterRole role:
                    await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleAsync(role);
                    break;
                case V1ClusterRoleBinding binding:
                    await ParentAdmin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(binding);
                    break;
            }
        }
    }
}

/// <summary>Waits on <see cref="ClusternetAgent.StatusChanged"/> for a state, failing after a timeout.</summary>
internal static class AgentStatusExtensions
{
    public static async Task<ClusternetAgentStatus> WaitForAsync(this ClusternetAgent agent, Func<ClusternetAgentStatus, bool> condition, TimeSpan? timeout = null)
    {
        var reached = new TaskCompletionSource<ClusternetAgentStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(ClusternetAgentStatus status)
        {
            if (condition(status))
            {
                reached.TrySetResult(status);
            }
        }

        agent.StatusChanged += OnChanged;
        try
        {
            OnChanged(agent.Status);
            return await reached.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The agent did not reach the expected state; it is {agent.Status}.");
        }
        finally
        {
            agent.StatusChanged -= OnChanged;
        }
    }
}

/// <summary>Waits for a condition on the clusters that has no event to await.</summary>
internal static class Until
{
    public static async Task<T> TrueAsync<T>(Func<Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            T value = default!;
            try
            {
                value = await read();
                if (condition(value))
                {
                    return value;
                }
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The condition did not become true in time; last value: {value}");
            }

            await Task.Delay(50);
        }
    }
}
