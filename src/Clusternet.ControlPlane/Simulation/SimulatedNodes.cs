using System.Net;
using System.Security.Cryptography;
using System.Text;
using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The node side of each simulated kubelet, plus the node lifecycle controller's taints: registers the Node, posts its
/// status every heartbeat (conditions with fresh heartbeat times, capacity, node info, addresses) and renews its Lease
/// in <c>kube-node-lease</c>, which is how node health is read since Kubernetes 1.17.
/// </summary>
internal sealed class SimulatedNodes(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    // The taint the node lifecycle controller puts on a node whose Ready condition is False.
    internal const string NotReadyTaint = "node.kubernetes.io/not-ready";
    private const string LeaseNamespace = "kube-node-lease";

    private readonly SemaphoreSlim writing = new(1, 1);

    public override string Name => "simulated-nodes";

    protected override TimeSpan WakePeriod => State.Options.HeartbeatPeriod;

    /// <summary>Writes the node's status, readiness taints and Lease now.</summary>
    /// <remarks>The heartbeat and the fault switches both write here: one at a time, and a conflict with another writer is retried on a fresh read.</remarks>
    public async Task PostStatusAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await WriteStatusAsync(client, name, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
                {
                }
            }
        }
        finally
        {
            writing.Release();
        }
    }

    private async Task WriteStatusAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        var node = State.Nodes.First(n => n.Name == name);
        var now = DateTime.UtcNow;
        var current = await client.CoreV1.ReadNodeAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (SyncTaints(current, State.IsReady(name), now))
        {
            current = await client.CoreV1.ReplaceNodeAsync(current, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        current.Status = Status(node, current.Status, now);
        await client.CoreV1.ReplaceNodeStatusAsync(current, name, cancellationToken: cancellationToken).ConfigureAwait(false);
        await RenewLeaseAsync(client, current, now, cancellationToken).ConfigureAwait(false);
    }

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) => [];

    /// <summary>Registers the nodes that do not exist yet and posts every node's status and Lease once.</summary>
    public async Task RegisterAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        foreach (var node in State.Nodes)
        {
            try
            {
                await client.CoreV1.CreateNodeAsync(Register(node, DateTime.UtcNow), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Registered by an earlier run on the same data: the status posted below brings it up to date.
            }

            await PostStatusAsync(client, node.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        foreach (var node in State.Nodes)
        {
            await PostStatusAsync(context.Client, node.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private V1Node Register(SimulatedNode node, DateTime now)
    {
        var labels = new Dictionary<string, string>
        {
            ["kubernetes.io/hostname"] = node.Name,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = "amd64",
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = "amd64",
        };
        if (node.InstanceType is { } instanceType)
        {
            labels["node.kubernetes.io/instance-type"] = instanceType;
        }

        foreach (var (key, value) in node.Labels)
        {
            labels[key] = value;
        }

        var registered = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = node.Name,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            Spec = new V1NodeSpec
            {
                PodCIDR = State.PodCidr(node.Name),
                PodCIDRs = [State.PodCidr(node.Name)],
                Taints = node.Taints.Count == 0 ? null : [.. node.Taints],
            },
        };
        SyncTaints(registered, node.Ready, now);
        registered.Status = Status(node, null, now);
        return registered;
    }

    // The lifecycle controller's taints follow the Ready condition: added while it is not True, removed once it is.
    private static bool SyncTaints(V1Node node, bool ready, DateTime now)
    {
        node.Spec ??= new V1NodeSpec();
        var taints = node.Spec.Taints?.ToList() ?? [];
        var has = taints.Any(t => t.Key == NotReadyTaint);
        if (ready == !has)
        {
            return false;
        }

        if (ready)
        {
            taints.RemoveAll(t => t.Key == NotReadyTaint);
        }
        else
        {
            taints.Add(new V1Taint { Key = NotReadyTaint, Effect = "NoSchedule" });
            taints.Add(new V1Taint { Key = NotReadyTaint, Effect = "NoExecute", TimeAdded = now });
        }

        node.Spec.Taints = taints.Count == 0 ? null : taints;
        return true;
    }

    private V1NodeStatus Status(SimulatedNode node, V1NodeStatus? previous, DateTime now)
    {
        var ready = State.IsReady(node.Name);
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(node.Cpu),
            ["memory"] = new(node.Memory),
            ["pods"] = new(node.Pods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ["ephemeral-storage"] = new("100Gi"),
            ["hugepages-1Gi"] = new("0"),
            ["hugepages-2Mi"] = new("0"),
        };
        var id = Identity(node.Name);
        return new V1NodeStatus
        {
            Capacity = capacity,
            Allocatable = new Dictionary<string, ResourceQuantity>(capacity),
            Conditions =
            [
                Condition(previous, "NetworkUnavailable", "False", "RouteCreated", "RouteController created a route", now),
                Condition(previous, "MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
                Condition(previous, "DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
                Condition(previous, "PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
                ready
                    ? Condition(previous, "Ready", "True", "KubeletReady", "kubelet is posting ready status", now)
                    : Condition(previous, "Ready", "False", "KubeletNotReady", "simulated: the node was marked not ready", now),
            ],
            Addresses =
            [
                new V1NodeAddress { Type = "InternalIP", Address = State.NodeAddress(node.Name) },
                new V1NodeAddress { Type = "Hostname", Address = node.Name },
            ],
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
            NodeInfo = new V1NodeSystemInfo
            {
                MachineID = id.ToString("N"),
                SystemUUID = id.ToString(),
                BootID = id.ToString(),
                KernelVersion = "6.8.0-simulated",
                OsImage = "Simulated Linux",
                ContainerRuntimeVersion = "containerd://1.7.24",
                KubeletVersion = State.KubeletVersion,
                KubeProxyVersion = string.Empty,
                OperatingSystem = "linux",
                Architecture = "amd64",
            },
            Images = [],
            Phase = null,
        };
    }

    // A condition keeps its lastTransitionTime while its status stays; the heartbeat time is always now.
    private static V1NodeCondition Condition(V1NodeStatus? previous, string type, string status, string reason, string message, DateTime now)
    {
        var old = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1NodeCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastHeartbeatTime = now,
            LastTransitionTime = old is not null && old.Status == status && old.LastTransitionTime is { } since ? since : now,
        };
    }

    private static async Task RenewLeaseAsync(IKubernetes client, V1Node node, DateTime now, CancellationToken cancellationToken)
    {
        var name = node.Metadata.Name;
        V1Lease? lease = null;
        try
        {
            lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(name, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
        }

        if (lease is null)
        {
            lease = new V1Lease
            {
                ApiVersion = "coordination.k8s.io/v1",
                Kind = "Lease",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = LeaseNamespace,
                    // The kubelet makes its Node the Lease's owner, so deleting the Node lets the garbage collector remove the Lease.
                    OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = name, Uid = node.Metadata.Uid }],
                },
                Spec = new V1LeaseSpec { HolderIdentity = name, LeaseDurationSeconds = 40, RenewTime = now },
            };
            await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = name;
        lease.Spec.LeaseDurationSeconds = 40;
        lease.Spec.RenewTime = now;
        await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, name, LeaseNamespace, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static Guid Identity(string name) => new(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));
}
