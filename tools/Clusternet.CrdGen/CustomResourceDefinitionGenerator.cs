using System.Reflection;
using Clusternet.Apis.Schema;
using k8s.Models;

namespace Clusternet.CrdGen;

/// <summary>
/// Turns the model classes that carry both <see cref="KubernetesEntityAttribute"/> and
/// <see cref="CustomResourceAttribute"/> into <c>apiextensions.k8s.io/v1</c>
/// CustomResourceDefinitions, one served and stored version each, as controller-gen does for Go types.
/// </summary>
public sealed class CustomResourceDefinitionGenerator
{
    private readonly DocumentationComments _docs;

    /// <summary>Creates a generator that takes descriptions from <paramref name="docs"/> (a fresh reader when null).</summary>
    public CustomResourceDefinitionGenerator(DocumentationComments? docs = null) => _docs = docs ?? new DocumentationComments();

    /// <summary>Whether <paramref name="type"/> is the stored kind of a CRD.</summary>
    public static bool IsCustomResource(Type type) =>
        type.GetCustomAttribute<KubernetesEntityAttribute>() is not null && type.GetCustomAttribute<CustomResourceAttribute>() is not null;

    /// <summary>The custom resource kinds of an assembly, ordered by group then plural.</summary>
    public static IReadOnlyList<Type> CustomResourceKinds(Assembly assembly) =>
        [.. assembly.GetTypes()
            .Where(IsCustomResource)
            .OrderBy(t => t.GetCustomAttribute<KubernetesEntityAttribute>()!.Group, StringComparer.Ordinal)
            .ThenBy(t => t.GetCustomAttribute<KubernetesEntityAttribute>()!.PluralName, StringComparer.Ordinal)];

    /// <summary>The CRDs of every custom resource kind in <paramref name="assembly"/>, ordered by group then plural.</summary>
    public IReadOnlyList<V1CustomResourceDefinition> Generate(Assembly assembly) => [.. CustomResourceKinds(assembly).Select(Generate)];

    /// <summary>The CRD of one kind.</summary>
    /// <exception cref="ArgumentException">The type lacks one of the two attributes, or its entity attribute is incomplete.</exception>
    public V1CustomResourceDefinition Generate(Type kind)
    {
        var entity = kind.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{kind.FullName} has no [KubernetesEntity].", nameof(kind));
        var resource = kind.GetCustomAttribute<CustomResourceAttribute>()
            ?? throw new ArgumentException($"{kind.FullName} has no [CustomResource].", nameof(kind));
        if (string.IsNullOrEmpty(entity.Group) || string.IsNullOrEmpty(entity.ApiVersion)
            || string.IsNullOrEmpty(entity.Kind) || string.IsNullOrEmpty(entity.PluralName))
        {
            throw new ArgumentException($"{kind.FullName}'s [KubernetesEntity] needs Group, ApiVersion, Kind and PluralName.", nameof(kind));
        }

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta { Name = $"{entity.PluralName}.{entity.Group}" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Names = Names(entity, resource),
                Scope = resource.Scope == ResourceScope.Cluster ? "Cluster" : "Namespaced",
                Versions = [Version(kind, entity, resource)],
            },
        };
    }

    private static V1CustomResourceDefinitionNames Names(KubernetesEntityAttribute entity, CustomResourceAttribute resource) => new()
    {
        Kind = entity.Kind,
        ListKind = entity.Kind + "List",
        Plural = entity.PluralName,
        Singular = resource.Singular ?? entity.Kind.ToLowerInvariant(),
        ShortNames = resource.ShortNames.Length > 0 ? [.. resource.ShortNames] : null,
        Categories = resource.Categories.Length > 0 ? [.. resource.Categories] : null,
    };

    private V1CustomResourceDefinitionVersion Version(Type kind, KubernetesEntityAttribute entity, CustomResourceAttribute resource)
    {
        var columns = kind.GetCustomAttributes<PrinterColumnAttribute>()
            .OrderBy(c => c.Order)
            .Select(c => new V1CustomResourceColumnDefinition
            {
                Name = c.Name,
                Type = c.Type,
                JsonPath = c.JsonPath,
                Priority = c.Priority != 0 ? c.Priority : null,
                Format = c.Format,
                Description = c.Description,
            })
            .ToList();

        return new V1CustomResourceDefinitionVersion
        {
            Name = entity.ApiVersion,
            Served = true,
            Storage = true,
            AdditionalPrinterColumns = columns.Count > 0 ? columns : null,
            Subresources = Subresources(kind, resource),
            Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new OpenApiSchemaBuilder(_docs).ForObject(kind) },
        };
    }

    private static V1CustomResourceSubresources? Subresources(Type kind, CustomResourceAttribute resource)
    {
        if (kind.IsDefined(typeof(StatusSubresourceAttribute), inherit: false))
        {
            // The status subresource is declared by an empty object: "status: {}".
            return new V1CustomResourceSubresources { Status = new Dictionary<string, object>() };
        }

        return resource.EmptySubresources ? new V1CustomResourceSubresources() : null;
    }
}
