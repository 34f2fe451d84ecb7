using k8s.Models;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// Resource amounts as the scheduler adds them up: CPU in millicores, memory in bytes, and a pod count. A pod requests
/// the sum of its containers' requests, or its largest init container's if that is more (init containers run one at a
/// time, before the others), plus its overhead.
/// </summary>
internal readonly record struct Requests(long MilliCpu, long Memory, long Pods)
{
    public static Requests operator +(Requests a, Requests b) => new(a.MilliCpu + b.MilliCpu, a.Memory + b.Memory, a.Pods + b.Pods);

    public static Requests Of(V1Pod pod)
    {
        var containers = pod.Spec.Containers?.Select(c => Container(c.Resources)).Aggregate(new Requests(0, 0, 0), (a, b) => a + b) ?? default;
        foreach (var init in pod.Spec.InitContainers ?? [])
        {
            var one = Container(init.Resources);
            containers = new Requests(Math.Max(containers.MilliCpu, one.MilliCpu), Math.Max(containers.Memory, one.Memory), 0);
        }

        var overhead = pod.Spec.Overhead is { } o ? new Requests(CpuOf(o), Bytes(o), 0) : default;
        return containers + overhead + new Requests(0, 0, 1);
    }

    public static Requests Allocatable(V1Node node)
    {
        var allocatable = node.Status?.Allocatable ?? node.Status?.Capacity ?? new Dictionary<string, ResourceQuantity>();
        return new Requests(CpuOf(allocatable), Bytes(allocatable), allocatable.TryGetValue("pods", out var pods) ? (long)pods.ToDecimal() : 0);
    }

    // Requests default to limits where only limits are given, as API defaulting does for a container.
    private static Requests Container(V1ResourceRequirements? resources)
    {
        var requests = resources?.Requests ?? resources?.Limits;
        return requests is null ? default : new Requests(CpuOf(requests), Bytes(requests), 0);
    }

    private static long CpuOf(IDictionary<string, ResourceQuantity> amounts) =>
        amounts.TryGetValue("cpu", out var cpu) ? (long)Math.Ceiling(cpu.ToDecimal() * 1000) : 0;

    private static long Bytes(IDictionary<string, ResourceQuantity> amounts) =>
        amounts.TryGetValue("memory", out var memory) ? (long)Math.Ceiling(memory.ToDecimal()) : 0;
}
