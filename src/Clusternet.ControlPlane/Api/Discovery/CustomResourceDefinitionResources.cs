using k8s.Models;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>Turns a CustomResourceDefinition into the resources it serves, one per served version.</summary>
public static class CustomResourceDefinitionResources
{
    // The column kube-apiserver's CRD defaulting adds when a version declares no printer columns.
    internal static readonly PrinterColumn DefaultAge = new("Age", "date", "", "", 0, ".metadata.creationTimestamp");

    /// <summary>The resources of every served version of the CRD.</summary>
    /// <param name="definition">The CRD.</param>
    public static IReadOnlyList<ServedResource> From(V1CustomResourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var spec = definition.Spec ?? throw new ArgumentException("the CustomResourceDefinition has no spec", nameof(definition));
        var names = spec.Names ?? throw new ArgumentException("the CustomResourceDefinition has no spec.names", nameof(definition));
        var definedBy = definition.Metadata?.Name ?? NameOf(definition);
        var singular = string.IsNullOrEmpty(names.Singular) ? names.Kind.ToLowerInvariant() : names.Singular;
        var namespaced = !string.Equals(spec.Scope, "Cluster", StringComparison.Ordinal);

        return [.. (spec.Versions ?? []).Where(v => v.Served).Select(v => new ServedResource(
            spec.Group, v.Name, names.Plural, singular, names.Kind, namespaced, BuiltInResources.AllVerbs)
        {
            ShortNames = [.. names.ShortNames ?? []],
            Categories = [.. names.Categories ?? []],
            Subresources = Subresources(v.Subresources, names.Kind),
            StorageVersion = v.Storage,
            PrinterColumns = Columns(v.AdditionalPrinterColumns),
            DefinedBy = definedBy,
        })];
    }

    /// <summary>A CRD's required name, <c>plural.group</c>.</summary>
    /// <param name="definition">The CRD.</param>
    public static string NameOf(V1CustomResourceDefinition definition) =>
        definition.Spec.Names.Plural + "." + definition.Spec.Group;

    private static IReadOnlyList<ServedSubresource> Subresources(V1CustomResourceSubresources? subresources, string kind)
    {
        var list = new List<ServedSubresource>();
        if (subresources?.Scale is not null)
        {
            list.Add(new ServedSubresource("scale", "Scale", ["get", "patch", "update"], "autoscaling", "v1"));
        }

        if (subresources?.Status is not null)
        {
            list.Add(new ServedSubresource("status", kind, ["get", "patch", "update"]));
        }

        return list;
    }

    private static IReadOnlyList<PrinterColumn> Columns(IList<V1CustomResourceColumnDefinition>? columns) =>
        columns is null || columns.Count == 0
            ? [DefaultAge]
            : [.. columns.Select(c => new PrinterColumn(c.Name, c.Type, c.Format ?? "", c.Description ?? "", c.Priority ?? 0, c.JsonPath))];
}
