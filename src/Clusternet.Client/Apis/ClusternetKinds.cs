using System.Collections.Frozen;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Apis.Multicluster.V1Alpha1;
using Clusternet.Apis.Proxies.V1Alpha1;
using k8s.Models;

namespace Clusternet.Apis;

/// <summary>
/// Every kind this package models, for code that meets objects by <c>apiVersion</c> and <c>kind</c>:
/// loading mixed YAML with KubernetesClient's loader
/// (<c>KubernetesYaml.LoadAllFromString(yaml, ClusternetKinds.YamlTypeMap)</c>), or dispatching on a watch event.
/// </summary>
public static class ClusternetKinds
{
    /// <summary>The object types (lists excluded), in API-group order.</summary>
    public static IReadOnlyList<Type> ObjectTypes { get; } =
    [
        typeof(ManagedCluster), typeof(ClusterRegistrationRequest),
        typeof(Subscription), typeof(Base), typeof(Description), typeof(Localization), typeof(Globalization),
        typeof(Manifest), typeof(HelmChart), typeof(HelmRelease), typeof(FeedInventory),
        typeof(Socket),
        typeof(ServiceExport), typeof(ServiceImport),
    ];

    /// <summary>The list types, in the same order as <see cref="ObjectTypes"/>.</summary>
    public static IReadOnlyList<Type> ListTypes { get; } =
    [
        typeof(ManagedClusterList), typeof(ClusterRegistrationRequestList),
        typeof(SubscriptionList), typeof(BaseList), typeof(DescriptionList), typeof(LocalizationList), typeof(GlobalizationList),
        typeof(ManifestList), typeof(HelmChartList), typeof(HelmReleaseList), typeof(FeedInventoryList),
        typeof(SocketList),
        typeof(ServiceExportList), typeof(ServiceImportList),
    ];

    /// <summary>
    /// Every object and list type keyed <c>"&lt;group&gt;/&lt;version&gt;/&lt;Kind&gt;"</c> — the key shape
    /// KubernetesClient's <c>KubernetesYaml.LoadAllFromString</c> takes as its type map, merged with its own kinds.
    /// </summary>
    public static IReadOnlyDictionary<string, Type> YamlTypeMap { get; } =
        ObjectTypes.Concat(ListTypes).ToFrozenDictionary(Key, t => t, StringComparer.Ordinal);

    /// <summary>Finds the model type of an <c>apiVersion</c> and <c>kind</c>, such as <c>apps.clusternet.io/v1alpha1</c>, <c>Subscription</c>.</summary>
    /// <returns>The type, or null when the kind is not a Clusternet kind.</returns>
    public static Type? Find(string apiVersion, string kind)
        => YamlTypeMap.TryGetValue(apiVersion + "/" + kind, out var type) ? type : null;

    private static string Key(Type type)
    {
        var entity = (KubernetesEntityAttribute)Attribute.GetCustomAttribute(type, typeof(KubernetesEntityAttribute))!;
        return $"{entity.Group}/{entity.ApiVersion}/{entity.Kind}";
    }
}
