using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// <c>/apis</c> (APIGroupList, and APIGroupDiscoveryList v2/v2beta1) and <c>/apis/&lt;group&gt;</c> with the groups of
/// backend-served APIServices merged in. Groups are ordered by priority — the highest <c>groupPriorityMinimum</c> of a
/// group's APIServices, or the built-in table for local groups — then by name; versions by <c>versionPriority</c>, then
/// Kubernetes version order, the first being the preferred one. Documents are cached until the catalog, the APIServices
/// or a fetched resource list changes.
/// </summary>
internal sealed class MergedDiscovery(ResourceCatalog catalog, ApiServiceIndex index, BackendDiscovery backends)
{
    private readonly ConcurrentDictionary<string, byte[]?> documents = new(StringComparer.Ordinal);
    private (long Catalog, long Index, long Backends) builtFor = (-1, -1, -1);

    /// <summary>The <c>/apis</c> body in the negotiated format.</summary>
    public byte[] Root(DiscoveryFormat format) => Cached("root:" + format, () => format switch
    {
        DiscoveryFormat.AggregatedV2 => Aggregated("v2"),
        DiscoveryFormat.AggregatedV2Beta1 => Aggregated("v2beta1"),
        _ => GroupList(),
    })!;

    /// <summary>The APIGroup body for <c>/apis/&lt;group&gt;</c>, or null when the group is unknown.</summary>
    public byte[]? Group(string group) => Cached("group:" + group, () =>
    {
        var entry = Groups().FirstOrDefault(g => g.Name == group);
        if (entry is null)
        {
            return null;
        }

        var body = LegacyGroup(entry);
        body.Insert(0, "kind", "APIGroup");
        body.Insert(1, "apiVersion", "v1");
        return body;
    });

    private byte[]? Cached(string key, Func<JsonObject?> build)
    {
        var stamp = (catalog.Generation, index.Current.Generation, backends.Generation);
        lock (documents)
        {
            if (builtFor != stamp)
            {
                documents.Clear();
                builtFor = stamp;
            }
        }

        return documents.GetOrAdd(key, _ => build() is { } document ? JsonSerializer.SerializeToUtf8Bytes(document, ObjectResponse.Options) : null);
    }

    private JsonObject GroupList() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. Groups().Select(LegacyGroup)]),
    };

    private JsonObject Aggregated(string version)
    {
        var local = AggregatedDiscovery.Build(catalog, DiscoveryRoot.Apis, version)["items"]!.AsArray()
            .OfType<JsonObject>()
            .ToDictionary(
                i => JsonFields.String(i, "metadata", "name") ?? string.Empty,
                i => JsonFields.Array(i, "versions").OfType<JsonObject>().ToDictionary(v => JsonFields.String(v, "version") ?? string.Empty, v => v, StringComparer.Ordinal),
                StringComparer.Ordinal);
        var items = new JsonArray();
        foreach (var group in Groups())
        {
            var versions = new JsonArray();
            foreach (var entry in group.Versions)
            {
                if (entry.Remote is { } route)
                {
                    if (backends.Get(route.Name) is { } fetched)
                    {
                        versions.Add(new JsonObject
                        {
                            ["version"] = entry.Version,
                            ["resources"] = RemoteResources(route, fetched.Resources),
                            ["freshness"] = fetched.Stale ? "Stale" : "Current",
                        });
                    }
                }
                else if (local.TryGetValue(group.Name, out var localVersions) && localVersions.TryGetValue(entry.Version, out var served))
                {
                    versions.Add(served.DeepClone());
                }
            }

            if (versions.Count > 0)
            {
                items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Name }, ["versions"] = versions });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + version,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    /// <summary>Every named group, local and remote, in discovery order.</summary>
    private List<GroupEntry> Groups()
    {
        var groups = new Dictionary<string, GroupEntry>(StringComparer.Ordinal);
        foreach (var served in catalog.Groups().Where(g => g.Name.Length > 0))
        {
            var entry = groups[served.Name] = new GroupEntry(served.Name);
            foreach (var version in served.Versions)
            {
                var (groupPriority, versionPriority) = ApiServicePriorities.Of(version.GroupVersion);
                entry.Priority = Math.Max(entry.Priority, groupPriority);
                entry.Versions.Add(new VersionEntry(version.Version, versionPriority, null));
            }
        }

        foreach (var route in index.Current.Remote)
        {
            if (!groups.TryGetValue(route.Group, out var entry))
            {
                entry = groups[route.Group] = new GroupEntry(route.Group);
            }

            // A backend claims its group-version even when it is also served locally, as the aggregator routes it.
            entry.Versions.RemoveAll(v => v.Version == route.Version);
            entry.Versions.Add(new VersionEntry(route.Version, route.VersionPriority, route));
            entry.Priority = Math.Max(entry.Priority, route.GroupPriorityMinimum);
        }

        foreach (var entry in groups.Values)
        {
            entry.Versions.Sort((a, b) => a.Priority != b.Priority ? b.Priority.CompareTo(a.Priority) : KubeVersionOrder.Instance.Compare(a.Version, b.Version));
        }

        return [.. groups.Values.OrderByDescending(g => g.Priority).ThenBy(g => g.Name, StringComparer.Ordinal)];
    }

    private static JsonObject LegacyGroup(GroupEntry group) => new()
    {
        ["name"] = group.Name,
        ["versions"] = new JsonArray([.. group.Versions.Select(v => VersionRef(group.Name, v.Version))]),
        ["preferredVersion"] = VersionRef(group.Name, group.Versions[0].Version),
    };

    private static JsonObject VersionRef(string group, string version) => new()
    {
        ["groupVersion"] = group + "/" + version,
        ["version"] = version,
    };

    /// <summary>
    /// Turns a backend's APIResourceList entries into aggregated-discovery resources: <c>name/sub</c> entries become
    /// subresources of their parent; kinds default to the backend's group-version.
    /// </summary>
    private static JsonArray RemoteResources(ApiServiceRoute route, JsonArray resources)
    {
        var parents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var result = new JsonArray();
        foreach (var entry in resources.OfType<JsonObject>())
        {
            var name = JsonFields.String(entry, "name") ?? string.Empty;
            if (name.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            var resource = new JsonObject
            {
                ["resource"] = name,
                ["responseKind"] = Kind(route, entry),
                ["scope"] = JsonFields.Bool(entry, "namespaced") ? "Namespaced" : "Cluster",
                ["singularResource"] = JsonFields.String(entry, "singularName") ?? string.Empty,
                ["verbs"] = JsonFields.Array(entry, "verbs").DeepClone(),
            };
            foreach (var optional in new[] { "shortNames", "categories" })
            {
                if (JsonFields.Count(entry, optional) > 0)
                {
                    resource[optional] = JsonFields.Array(entry, optional).DeepClone();
                }
            }

            parents[name] = resource;
            result.Add(resource);
        }

        foreach (var entry in resources.OfType<JsonObject>())
        {
            var name = JsonFields.String(entry, "name") ?? string.Empty;
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !parents.TryGetValue(name[..slash], out var parent))
            {
                continue;
            }

            if (parent["subresources"] is not JsonArray subresources)
            {
                parent["subresources"] = subresources = [];
            }

            subresources.Add(new JsonObject
            {
                ["subresource"] = name[(slash + 1)..],
                ["responseKind"] = Kind(route, entry),
                ["verbs"] = JsonFields.Array(entry, "verbs").DeepClone(),
            });
        }

        return result;
    }

    private static JsonObject Kind(ApiServiceRoute route, JsonObject entry) => new()
    {
        ["group"] = JsonFields.String(entry, "group") ?? route.Group,
        ["version"] = JsonFields.String(entry, "version") ?? route.Version,
        ["kind"] = JsonFields.String(entry, "kind") ?? string.Empty,
    };

    private sealed class GroupEntry(string name)
    {
        public string Name { get; } = name;

        public int Priority { get; set; } = int.MinValue;

        public List<VersionEntry> Versions { get; } = [];
    }

    private sealed record VersionEntry(string Version, int Priority, ApiServiceRoute? Remote);
}
