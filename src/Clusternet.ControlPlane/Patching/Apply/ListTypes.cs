using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>Where server-side apply learns the list and map types of a kind: the built-in table, or a CRD's schema.</summary>
public static class ListTypes
{
    // LabelSelector is a +structType=atomic struct in k8s.io/api, so kube-apiserver records "f:selector":{} rather
    // than its members; these are the places it appears in the built-in kinds the control plane serves.
    private static readonly Dictionary<(string Group, string Kind), string[]> AtomicSelectors = new()
    {
        [("apps", "Deployment")] = ["spec.selector"],
        [("apps", "ReplicaSet")] = ["spec.selector"],
        [("apps", "StatefulSet")] = ["spec.selector"],
        [("apps", "DaemonSet")] = ["spec.selector"],
        [("batch", "Job")] = ["spec.selector"],
        [("policy", "PodDisruptionBudget")] = ["spec.selector"],
        [("networking.k8s.io", "NetworkPolicy")] = ["spec.podSelector"],
    };

    private static readonly ConcurrentDictionary<(string, string), ListTypeLookup?> BuiltIns = new();

    /// <summary>
    /// The lookup for a built-in kind, from the <c>patchStrategy</c>/<c>patchMergeKey</c> table strategic merge
    /// patch uses: a list merged by a key is a map list, a merged list of scalars a set, any other list atomic.
    /// </summary>
    /// <param name="group">The API group, empty for core.</param>
    /// <param name="kind">The kind.</param>
    /// <returns>The lookup, or null when the kind is not built in.</returns>
    /// <remarks>
    /// Map lists have the table's single merge key; kube-apiserver's OpenAPI gives a few of them two keys
    /// (container ports: <c>containerPort</c> and <c>protocol</c>), which shows only in the <c>k:</c> text.
    /// </remarks>
    public static ListTypeLookup? BuiltIn(string group, string kind) => BuiltIns.GetOrAdd((group, kind), static key =>
    {
        var table = PatchStrategyTable.For(key.Item1, key.Item2);
        if (table is null)
        {
            return null;
        }

        var atomic = AtomicSelectors.GetValueOrDefault(key) ?? [];
        return path =>
        {
            if (atomic.Contains(path))
            {
                return FieldType.Atomic;
            }

            if (!table.TryGetValue(path, out var strategy))
            {
                return null;
            }

            return strategy switch
            {
                { Replace: true } => FieldType.Atomic,
                { MergeKey: { } mergeKey } => FieldType.MapList(mergeKey),
                _ => FieldType.Set,
            };
        };
    });

    /// <summary>
    /// The lookup for a custom resource, read from its version's <c>openAPIV3Schema</c>: <c>x-kubernetes-list-type</c>
    /// with <c>x-kubernetes-list-map-keys</c>, and <c>x-kubernetes-map-type</c>. A list without a list type is atomic.
    /// </summary>
    /// <param name="openApiV3Schema">The structural schema of the version.</param>
    /// <returns>The lookup.</returns>
    public static ListTypeLookup FromOpenApiSchema(JsonObject openApiV3Schema)
    {
        ArgumentNullException.ThrowIfNull(openApiV3Schema);
        return path => TypeOf(Descend(openApiV3Schema, path));
    }

    /// <summary>
    /// The lookup apply uses for <paramref name="obj"/>: the caller's, else the built-in table for its kind, with the
    /// rules of <c>metadata</c> (finalizers a set, owner references keyed by uid) underneath either.
    /// </summary>
    internal static ListTypeLookup Resolve(JsonObject obj, ListTypeLookup? lookup)
    {
        lookup ??= BuiltIn(GroupOf(obj["apiVersion"]?.GetValue<string>()), obj["kind"]?.GetValue<string>() ?? string.Empty);
        return path => path switch
        {
            "metadata.finalizers" => FieldType.Set,
            "metadata.ownerReferences" => FieldType.MapList("uid"),
            _ when path.StartsWith("metadata.", StringComparison.Ordinal) => null,
            _ => lookup?.Invoke(path),
        };
    }

    internal static string GroupOf(string? apiVersion)
    {
        var slash = apiVersion?.IndexOf('/') ?? -1;
        return slash < 0 ? string.Empty : apiVersion![..slash];
    }

    private static JsonObject? Descend(JsonObject schema, string path)
    {
        JsonObject? node = schema;
        foreach (var segment in path.Split('.'))
        {
            // List items add no path segment, so step through any array schemas first.
            while (node?["items"] is JsonObject items && node["type"]?.GetValue<string>() == "array")
            {
                node = items;
            }

            node = node?["properties"]?[segment] as JsonObject ?? node?["additionalProperties"] as JsonObject;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static FieldType? TypeOf(JsonObject? schema)
    {
        if (schema is null)
        {
            return null;
        }

        switch (schema["x-kubernetes-list-type"]?.GetValue<string>())
        {
            case "map":
                var keys = schema["x-kubernetes-list-map-keys"] as JsonArray;
                return keys is { Count: > 0 } ? FieldType.MapList([.. keys.Select(k => k!.GetValue<string>())]) : FieldType.Atomic;
            case "set":
                return FieldType.Set;
            case "atomic":
                return FieldType.Atomic;
        }

        return schema["x-kubernetes-map-type"]?.GetValue<string>() switch
        {
            "atomic" => FieldType.Atomic,
            "granular" => FieldType.Granular,
            _ => null,
        };
    }
}
