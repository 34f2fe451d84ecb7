using System.Security.Cryptography;
using System.Text;
using Clusternet.ControlPlane.Controllers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// The pod side of the simulated kubelets: a pod bound to a simulated node is reported Running with its containers
/// started and ready, a pod IP from the node's pod CIDR, the node's IP as host IP and the usual conditions. While the
/// node is not ready, its pods' Ready condition is False, as the node lifecycle controller marks them. A pod owned by a
/// Job runs once and then Succeeds (its containers exit 0), the only way a simulated container ends.
/// </summary>
internal sealed class SimulatedKubelet(SimulationState state, ILogger logger) : SimulationController(state, logger)
{
    public override string Name => "simulated-kubelet";

    protected override IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client) =>
    [
        Watch(ct => client.CoreV1.WatchListPodForAllNamespacesAsync(cancellationToken: ct)),
    ];

    protected override async Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var pods = (await context.Client.CoreV1.ListPodForAllNamespacesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
        foreach (var pod in pods.Where(p => State.IsSimulated(p.Spec.NodeName) && p.Metadata.DeletionTimestamp is null && !PodScheduler.Terminal(p)))
        {
            var before = WorkloadPods.Json(pod.Status);
            var now = DateTime.UtcNow;
            var completes = pod.Status?.Phase == "Running" && pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == "Job") == true;
            pod.Status = completes ? Succeeded(pod, now) : Running(pod, State.IsReady(pod.Spec.NodeName), now);
            if (WorkloadPods.Json(pod.Status) != before)
            {
                await context.Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private V1PodStatus Running(V1Pod pod, bool nodeReady, DateTime now)
    {
        var old = pod.Status ?? new V1PodStatus();
        var started = old.StartTime ?? now;
        var podIp = old.PodIP ?? State.NextPodAddress(pod.Spec.NodeName);
        var hostIp = State.NodeAddress(pod.Spec.NodeName);
        return new V1PodStatus
        {
            Phase = "Running",
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = started,
            QosClass = old.QosClass ?? QosClass(pod),
            Conditions =
            [
                Condition(old, "PodReadyToStartContainers", "True", now),
                Condition(old, "Initialized", "True", now),
                Condition(old, "Ready", nodeReady ? "True" : "False", now),
                Condition(old, "ContainersReady", "True", now),
                Condition(old, "PodScheduled", "True", now),
            ],
            InitContainerStatuses = pod.Spec.InitContainers is { Count: > 0 } inits
                ? [.. inits.Select(c => Terminated(pod, c, old.InitContainerStatuses, started, started))]
                : null,
            ContainerStatuses = [.. pod.Spec.Containers.Select(c => new V1ContainerStatus
            {
                Name = c.Name,
                Image = c.Image,
                ImageID = ImageId(c.Image),
                ContainerID = ContainerId(pod, c.Name),
                Ready = true,
                Started = true,
                RestartCount = 0,
                State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = Previous(old.ContainerStatuses, c.Name)?.State?.Running?.StartedAt ?? started } },
            })],
        };
    }

    private static V1PodStatus Succeeded(V1Pod pod, DateTime now)
    {
        var old = pod.Status!;
        var started = old.StartTime ?? now;
        return new V1PodStatus
        {
            Phase = "Succeeded",
            HostIP = old.HostIP,
            HostIPs = old.HostIPs,
            PodIP = old.PodIP,
            PodIPs = old.PodIPs,
            StartTime = started,
            QosClass = old.QosClass,
            Conditions =
            [
                Condition(old, "PodReadyToStartContainers", "False", now),
                Condition(old, "Initialized", "True", now, "PodCompleted"),
                Condition(old, "Ready", "False", now, "PodCompleted"),
                Condition(old, "ContainersReady", "False", now, "PodCompleted"),
                Condition(old, "PodScheduled", "True", now),
            ],
            InitContainerStatuses = old.InitContainerStatuses,
            ContainerStatuses = [.. pod.Spec.Containers.Select(c => Terminated(pod, c, old.ContainerStatuses, started, now))],
        };
    }

    private static V1ContainerStatus Terminated(V1Pod pod, V1Container container, IList<V1ContainerStatus>? previous, DateTime started, DateTime finished) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = ImageId(container.Image),
        ContainerID = ContainerId(pod, container.Name),
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = Previous(previous, container.Name)?.State?.Terminated is { } done
            ? new V1ContainerState { Terminated = done }
            : new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = 0,
                    Reason = "Completed",
                    StartedAt = started,
                    FinishedAt = finished,
                    ContainerID = ContainerId(pod, container.Name),
                },
            },
    };

    // A condition keeps its lastTransitionTime while its status stays.
    private static V1PodCondition Condition(V1PodStatus old, string type, string status, DateTime now, string? reason = null)
    {
        var previous = old.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            LastTransitionTime = previous is not null && previous.Status == status && previous.LastTransitionTime is { } since ? since : now,
        };
    }

    private static V1ContainerStatus? Previous(IList<V1ContainerStatus>? statuses, string name) => statuses?.FirstOrDefault(s => s.Name == name);

    private static string ContainerId(V1Pod pod, string container) => "containerd://" + Hash(pod.Metadata.Uid + "/" + container);

    private static string ImageId(string? image) => $"{image}@sha256:{Hash(image ?? string.Empty)}";

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    // The API server assigns the QoS class on create; a pod written without one gets it here.
    private static string QosClass(V1Pod pod)
    {
        var resources = pod.Spec.Containers.Select(c => c.Resources).ToList();
        if (resources.All(r => (r?.Requests?.Count ?? 0) == 0 && (r?.Limits?.Count ?? 0) == 0))
        {
            return "BestEffort";
        }

        var guaranteed = resources.All(r => r?.Limits is { } limits && limits.ContainsKey("cpu") && limits.ContainsKey("memory")
            && (r.Requests is null || r.Requests.All(q => limits.TryGetValue(q.Key, out var l) && l.ToDecimal() == q.Value.ToDecimal())));
        return guaranteed ? "Guaranteed" : "Burstable";
    }
}
