using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Clusternet.ControlPlane.Patching;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// The vendor extensions on list and map fields of built-in models: <c>x-kubernetes-patch-strategy</c> and
/// <c>x-kubernetes-patch-merge-key</c>, which kubectl's client-side apply and <c>kubectl patch</c> read to compute
/// strategic merge patches, and <c>x-kubernetes-list-type</c> / <c>x-kubernetes-list-map-keys</c>, which server-side
/// apply uses to merge lists by key. The facts come from <see cref="PatchStrategyTable"/> (the same table the
/// server's strategic merge patch applies), so the client and the server agree on every list.
/// </summary>
internal static class ListExtensions
{
    /// <summary>The extensions of each (declaring model, JSON property) pair.</summary>
    /// <param name="kinds">Every kind model with its group and kind, as found in KubernetesClient.</param>
    public static Dictionary<(Type Owner, string Property), JsonObject> Collect(IEnumerable<(string Group, string Kind, Type Model)> kinds)
    {
        var result = new Dictionary<(Type, string), JsonObject>();
        foreach (var (group, kind, model) in kinds)
        {
            if (PatchStrategyTable.For(group, kind) is not { } table)
            {
                continue;
            }

            foreach (var (path, strategy) in table)
            {
                if (Resolve(model, path) is not { } field)
                {
                    continue;
                }

                result.TryAdd((field.Owner, field.Property), Extensions(group, kind, path, strategy, field.IsList));
            }
        }

        return result;
    }

    private static JsonObject Extensions(string group, string kind, string path, FieldStrategy strategy, bool isList)
    {
        var extensions = new JsonObject();
        if (strategy.Replace)
        {
            extensions["x-kubernetes-patch-strategy"] = "replace";
            return extensions;
        }

        extensions["x-kubernetes-patch-strategy"] = "merge";
        var key = strategy.MergeKey;
        if (key is not null)
        {
            extensions["x-kubernetes-patch-merge-key"] = key;
        }

        if (!isList)
        {
            return extensions;
        }

        if (key is null)
        {
            extensions["x-kubernetes-list-type"] = "set";
            return extensions;
        }

        // Server-side apply keys some lists by more members than strategic merge patch does: the protocol makes
        // two entries for the same port distinct (kube-apiserver's published list-map keys).
        JsonArray keys = path switch
        {
            _ when group.Length == 0 && kind == "Service" && path == "spec.ports" => ["port", "protocol"],
            _ when path.EndsWith("ontainers.ports", StringComparison.Ordinal) => ["containerPort", "protocol"],
            _ when path.EndsWith(".topologySpreadConstraints", StringComparison.Ordinal) => ["topologyKey", "whenUnsatisfiable"],
            _ => [key],
        };
        extensions["x-kubernetes-list-type"] = "map";
        extensions["x-kubernetes-list-map-keys"] = keys;
        return extensions;
    }

    // Walks a dotted path (list items add no segment) through the models to the declaring type of the last field.
    private static (Type Owner, string Property, bool IsList)? Resolve(Type model, string path)
    {
        var current = model;
        var segments = path.Split('.');
        for (var i = 0; i < segments.Length; i++)
        {
            var property = FindProperty(current, segments[i]);
            if (property is null)
            {
                return null;
            }

            var type = ModelSchemas.Unwrap(property.PropertyType);
            var element = ModelSchemas.ListElement(type);
            if (i == segments.Length - 1)
            {
                return (current, segments[i], element is not null);
            }

            current = element ?? type;
        }

        return null;
    }

    internal static PropertyInfo? FindProperty(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == jsonName);
}
