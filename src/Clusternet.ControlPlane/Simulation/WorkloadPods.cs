using System.Globalization;
using System.Text;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>What the simulated workload controllers share: ownership, pods from templates, readiness and template hashes.</summary>
internal static class WorkloadPods
{
    // The alphabet upstream encodes hashes with: no vowels (no words) and no look-alike characters.
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The owner reference a controller puts on what it creates: it is the controller, and foreground deletion waits for the dependent.</summary>
    public static V1OwnerReference ControllerOf(string apiVersion, string kind, V1ObjectMeta owner) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public static bool IsControlledBy(V1ObjectMeta dependent, V1ObjectMeta owner) =>
        dependent.OwnerReferences?.Any(o => o.Controller == true && o.Uid == owner.Uid) == true;

    /// <summary>Neither being deleted nor finished: the pods a controller counts toward its replicas.</summary>
    public static bool IsActive(V1Pod pod) => pod.Metadata.DeletionTimestamp is null && !PodScheduler.Terminal(pod);

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Phase == "Running" && pod.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>Ready for at least <paramref name="minReadySeconds"/>.</summary>
    public static bool IsAvailable(V1Pod pod, int? minReadySeconds, DateTime now)
    {
        if (!IsReady(pod))
        {
            return false;
        }

        var since = pod.Status.Conditions.First(c => c.Type == "Ready").LastTransitionTime;
        return (minReadySeconds ?? 0) <= 0 || (since is { } t && t.ToUniversalTime().AddSeconds(minReadySeconds!.Value) <= now);
    }

    /// <summary>A new pod from a template: its labels and annotations plus <paramref name="labels"/>, owned by <paramref name="owner"/>.</summary>
    public static V1Pod FromTemplate(V1PodTemplateSpec template, string @namespace, V1OwnerReference owner, IReadOnlyDictionary<string, string>? labels = null, string? name = null)
    {
        var copy = KubernetesJson.Deserialize<V1PodTemplateSpec>(KubernetesJson.Serialize(template));
        var podLabels = new Dictionary<string, string>(copy.Metadata?.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            podLabels[key] = value;
        }

        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                GenerateName = name is null ? owner.Name + "-" : null,
                NamespaceProperty = @namespace,
                Labels = podLabels,
                Annotations = copy.Metadata?.Annotations,
                Finalizers = copy.Metadata?.Finalizers,
                OwnerReferences = [owner],
            },
            Spec = copy.Spec,
        };
    }

    /// <summary>
    /// A short, stable hash of a pod template, such as <c>5d8f7b9c64</c>, for the <c>pod-template-hash</c> and
    /// <c>controller-revision-hash</c> labels: FNV-1a over the template's JSON, its decimal digits spelled in upstream's
    /// safe alphabet.
    /// </summary>
    public static string TemplateHash(V1PodTemplateSpec template, int? collisionCount = null)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(KubernetesJson.Serialize(template) + (collisionCount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty)))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return new string([.. hash.ToString(CultureInfo.InvariantCulture).Select(c => SafeAlphabet[c % SafeAlphabet.Length])]);
    }

    /// <summary>Null for zero: upstream omits zero counts from workload status (<c>omitempty</c>), and so must we to compare statuses as read back.</summary>
    public static int? Count(int value) => value == 0 ? null : value;

    public static bool Same<T>(T? a, T? b) => Json(a) == Json(b);

    public static string Json(object? value) => value is null ? "null" : KubernetesJson.Serialize(value);
}
