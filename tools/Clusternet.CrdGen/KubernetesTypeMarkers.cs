using k8s.Models;

namespace Clusternet.CrdGen;

/// <summary>
/// The schema markers Kubernetes v0.32 declares on the core/meta types our models embed.
/// KubernetesClient's generated classes carry no such attributes, so the table restates them;
/// it was read off the schemas upstream's controller-gen emitted for these types in
/// Clusternet's CRDs (Subscription, FeedInventory, ManagedCluster, ServiceExport), and the
/// Go sources' <c>+structType=atomic</c> for ObjectReference, which no upstream CRD shows.
/// </summary>
public static class KubernetesTypeMarkers
{
    private const string Atomic = "atomic";

    private static readonly SchemaMarkers Required = new() { Required = true };
    private static readonly SchemaMarkers AtomicList = new() { ListType = Atomic };

    private static readonly Dictionary<Type, Entry> Entries = new()
    {
        [typeof(V1LabelSelector)] = new(Atomic, new()
        {
            ["matchExpressions"] = AtomicList,
        }),
        [typeof(V1LabelSelectorRequirement)] = new(null, new()
        {
            ["key"] = Required,
            ["operator"] = Required,
            ["values"] = AtomicList,
        }),
        [typeof(V1NodeSelectorRequirement)] = new(null, new()
        {
            ["key"] = Required,
            ["operator"] = Required,
            ["values"] = AtomicList,
        }),
        [typeof(V1NodeSelectorTerm)] = new(Atomic, new()
        {
            ["matchExpressions"] = AtomicList,
            ["matchFields"] = AtomicList,
        }),
        [typeof(V1NodeSelector)] = new(Atomic, new()
        {
            ["nodeSelectorTerms"] = new SchemaMarkers { Required = true, ListType = Atomic },
        }),
        [typeof(V1PreferredSchedulingTerm)] = new(null, new()
        {
            ["preference"] = Required,
            ["weight"] = Required,
        }),
        [typeof(V1NodeAffinity)] = new(null, new()
        {
            ["preferredDuringSchedulingIgnoredDuringExecution"] = AtomicList,
        }),
        [typeof(V1PodAffinity)] = new(null, new()
        {
            ["preferredDuringSchedulingIgnoredDuringExecution"] = AtomicList,
            ["requiredDuringSchedulingIgnoredDuringExecution"] = AtomicList,
        }),
        [typeof(V1PodAntiAffinity)] = new(null, new()
        {
            ["preferredDuringSchedulingIgnoredDuringExecution"] = AtomicList,
            ["requiredDuringSchedulingIgnoredDuringExecution"] = AtomicList,
        }),
        [typeof(V1PodAffinityTerm)] = new(null, new()
        {
            ["topologyKey"] = Required,
            ["matchLabelKeys"] = AtomicList,
            ["mismatchLabelKeys"] = AtomicList,
            ["namespaces"] = AtomicList,
        }),
        [typeof(V1WeightedPodAffinityTerm)] = new(null, new()
        {
            ["podAffinityTerm"] = Required,
            ["weight"] = Required,
        }),
        [typeof(V1TopologySpreadConstraint)] = new(null, new()
        {
            ["maxSkew"] = Required,
            ["topologyKey"] = Required,
            ["whenUnsatisfiable"] = Required,
            ["matchLabelKeys"] = AtomicList,
        }),
        [typeof(V1Taint)] = new(null, new()
        {
            ["effect"] = Required,
            ["key"] = Required,
        }),
        [typeof(V1Condition)] = new(null, new()
        {
            ["lastTransitionTime"] = Required,
            ["message"] = new SchemaMarkers { Required = true, MaxLength = 32768 },
            ["observedGeneration"] = new SchemaMarkers { Minimum = 0 },
            ["reason"] = new SchemaMarkers
            {
                Required = true,
                MinLength = 1,
                MaxLength = 1024,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
            },
            ["status"] = new SchemaMarkers { Required = true, Enum = ["True", "False", "Unknown"] },
            ["type"] = new SchemaMarkers
            {
                Required = true,
                MaxLength = 316,
                Pattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
            },
        }),
        [typeof(V1ResourceRequirements)] = new(null, new()
        {
            ["claims"] = new SchemaMarkers { ListType = "map", ListMapKeys = ["name"] },
        }),
        [typeof(Corev1ResourceClaim)] = new(null, new()
        {
            ["name"] = Required,
        }),
        [typeof(V1ObjectReference)] = new(Atomic, []),
    };

    /// <summary>Whether the type is one of KubernetesClient's models, whose markers come from this table.</summary>
    public static bool IsKubernetesModel(Type type) => type.Assembly == typeof(V1ObjectMeta).Assembly;

    /// <summary>The markers Kubernetes puts on every use of <paramref name="type"/>.</summary>
    public static TypeMarkers ForType(Type type) =>
        Entries.TryGetValue(type, out var entry) && entry.MapType is not null
            ? new TypeMarkers { MapType = entry.MapType }
            : TypeMarkers.None;

    /// <summary>The markers Kubernetes puts on the property with JSON name <paramref name="jsonName"/> of <paramref name="type"/>.</summary>
    public static SchemaMarkers ForProperty(Type type, string jsonName) =>
        Entries.TryGetValue(type, out var entry) && entry.Properties.TryGetValue(jsonName, out var markers)
            ? markers
            : SchemaMarkers.None;

    private sealed record Entry(string? MapType, Dictionary<string, SchemaMarkers> Properties);
}
