using System.Reflection;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// The definition names kube-apiserver publishes: the Go package path of a type, reversed into a dotted name
/// (<c>io.k8s.api.core.v1.ConfigMap</c>, <c>io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta</c>). kubectl does not
/// look names up directly (it finds kinds by <c>x-kubernetes-group-version-kind</c>), but <c>explain</c> prints them
/// and users diff our documents against a real cluster's.
/// </summary>
internal static partial class DefinitionNames
{
    /// <summary>The package of apimachinery's meta/v1 types, shared by every group.</summary>
    public const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    /// <summary>The int-or-string scalar (ports, maxSurge, ...).</summary>
    public const string IntOrString = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    /// <summary>The resource quantity scalar (<c>100m</c>, <c>1Gi</c>).</summary>
    public const string Quantity = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    // Types of k8s.io/apimachinery/pkg/apis/meta/v1 that KubernetesClient models as V1<Name>.
    private static readonly HashSet<string> MetaTypes =
    [
        "ObjectMeta", "ListMeta", "LabelSelector", "LabelSelectorRequirement", "ManagedFieldsEntry", "OwnerReference",
        "Status", "StatusDetails", "StatusCause", "Condition", "DeleteOptions", "Preconditions", "APIResource",
        "APIResourceList", "APIGroup", "APIGroupList", "APIVersions", "GroupVersionForDiscovery",
        "ServerAddressByClientCIDR", "WatchEvent", "Patch", "FieldSelectorRequirement", "Time", "MicroTime",
    ];

    /// <summary>The Go package (as a dotted prefix, without version) of each API group's types.</summary>
    public static string PackageOf(string group) => group switch
    {
        "" or "core" => "io.k8s.api.core",
        "apiextensions.k8s.io" or "apiextensions" => "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        "apiregistration.k8s.io" or "apiregistration" => "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        "internal.apiserver.k8s.io" => "io.k8s.api.apiserverinternal",
        _ when group.EndsWith(".k8s.io", StringComparison.Ordinal) => "io.k8s.api." + group[..group.IndexOf('.', StringComparison.Ordinal)],
        _ when !group.Contains('.', StringComparison.Ordinal) => "io.k8s.api." + group,

        // A custom resource's group is a DNS name; kube-apiserver reverses it (example.com → com.example).
        _ => string.Join('.', group.Split('.').Reverse()),
    };

    /// <summary>The definition name of a kind at a group-version.</summary>
    public static string ForKind(string group, string version, string kind) => $"{PackageOf(group)}.{version}.{kind}";

    /// <summary>
    /// Splits a KubernetesClient model name into its package hint, version and Go type name: <c>V1ConfigMap</c> →
    /// (null, v1, ConfigMap); <c>Eventsv1EventSeries</c> → (events, v1, EventSeries); null for unversioned types.
    /// </summary>
    public static (string? Package, string Version, string Name)? Split(Type type)
    {
        var match = ModelName().Match(type.Name);
        if (!match.Success)
        {
            return null;
        }

        var package = match.Groups["package"].Success ? match.Groups["package"].Value.ToLowerInvariant() : null;
        return (package, "v" + match.Groups["version"].Value, match.Groups["name"].Value);
    }

    /// <summary>The GVK a model carries in its <see cref="KubernetesEntityAttribute"/>, if it is a kind.</summary>
    public static KubernetesEntityAttribute? EntityOf(Type type) => type.GetCustomAttribute<KubernetesEntityAttribute>();

    /// <summary>
    /// The name of a model type, or null when it must take the package of the kind that reaches it first. Kinds,
    /// apimachinery types and models whose name carries a package (<c>Corev1EndpointPort</c>) are named directly.
    /// </summary>
    public static string? Direct(Type type)
    {
        if (type.Name == "IntOrString")
        {
            return IntOrString;
        }

        if (type.Name == "ResourceQuantity")
        {
            return Quantity;
        }

        if (Split(type) is not { } parts)
        {
            return null;
        }

        if (parts.Package is null && MetaTypes.Contains(parts.Name) && parts.Version == "v1")
        {
            return Meta + parts.Name;
        }

        if (EntityOf(type) is { } entity)
        {
            return ForKind(entity.Group ?? "", entity.ApiVersion, entity.Kind);
        }

        return parts.Package is { } package ? $"{PackageOf(package)}.{parts.Version}.{parts.Name}" : null;
    }

    /// <summary>A nested type's name inside the package of the kind that reaches it.</summary>
    public static string InPackageOf(string ownerDefinition, Type type)
    {
        var parts = Split(type) ?? (null, "v1", type.Name);

        // The owner is package.version.Kind; the nested type shares the package, with its own version.
        var withoutKind = ownerDefinition[..ownerDefinition.LastIndexOf('.')];
        var package = withoutKind[..withoutKind.LastIndexOf('.')];
        return $"{package}.{parts.Version}.{parts.Name}";
    }

    [GeneratedRegex("^(?<package>[A-Z][a-z]+)?[Vv](?<version>[0-9]+(?:(?:alpha|beta)[0-9]+)?)(?<name>[A-Z][A-Za-z0-9]*)$")]
    private static partial Regex ModelName();
}
