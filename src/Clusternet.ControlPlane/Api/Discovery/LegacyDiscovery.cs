using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// The unaggregated discovery documents: <c>/api</c> (APIVersions), <c>/apis</c> (APIGroupList),
/// <c>/apis/&lt;group&gt;</c> (APIGroup) and <c>/api/v1</c>, <c>/apis/&lt;group&gt;/&lt;version&gt;</c> (APIResourceList).
/// kubectl falls back to these when aggregated discovery is not offered; client-node always uses the resource lists.
/// </summary>
public static class LegacyDiscovery
{
    /// <summary>The <c>/api</c> document.</summary>
    /// <param name="serverAddress">The <c>host:port</c> clients reach the server at; clients ignore it.</param>
    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary>The <c>/apis</c> document: every named group with its versions and preferred version.</summary>
    /// <param name="catalog">The served resources.</param>
    public static JsonObject ApiGroupList(ResourceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return new JsonObject
        {
            ["kind"] = "APIGroupList",
            ["apiVersion"] = "v1",
            ["groups"] = new JsonArray([.. catalog.Groups().Where(g => g.Name.Length > 0).Select(GroupBody)]),
        };
    }

    /// <summary>The <c>/apis/&lt;group&gt;</c> document, or null when the group is not served.</summary>
    /// <param name="catalog">The served resources.</param>
    /// <param name="group">The group name.</param>
    public static JsonObject? ApiGroup(ResourceCatalog catalog, string group)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (group.Length == 0 || catalog.Groups().FirstOrDefault(g => g.Name == group) is not { } served)
        {
            return null;
        }

        var body = GroupBody(served);
        body.Insert(0, "kind", "APIGroup");
        body.Insert(1, "apiVersion", "v1");
        return body;
    }

    /// <summary>The APIResourceList of one group-version, or null when it is not served.</summary>
    /// <param name="catalog">The served resources.</param>
    /// <param name="group">The group; empty for the core group (<c>/api/v1</c>).</param>
    /// <param name="version">The version.</param>
    public static JsonObject? ApiResourceList(ResourceCatalog catalog, string group, string version)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var served = catalog.Groups().FirstOrDefault(g => g.Name == group)?.Versions.FirstOrDefault(v => v.Version == version);
        if (served is null)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var resource in served.Resources)
        {
            resources.Add(ResourceEntry(catalog, resource));
            foreach (var sub in resource.Subresources.OrderBy(s => s.Name, StringComparer.Ordinal))
            {
                var entry = new JsonObject
                {
                    ["name"] = resource.Resource + "/" + sub.Name,
                    ["singularName"] = "",
                    ["namespaced"] = resource.Namespaced,
                };
                if (sub.Group is not null && (sub.Group != resource.Group || sub.Version != resource.Version))
                {
                    entry["group"] = sub.Group;
                    entry["version"] = sub.Version;
                }

                entry["kind"] = sub.Kind;
                entry["verbs"] = Strings(sub.Verbs);
                resources.Add(entry);
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = served.GroupVersion,
            ["resources"] = resources,
        };
    }

    /// <summary>
    /// A stable digest of the version a resource is stored in, so clients (the storage-version migrator) notice
    /// a change: the first 8 bytes of SHA-256 over <c>group/version, Kind=Kind</c>, base64-encoded, as upstream computes it.
    /// Null for resources that store nothing.
    /// </summary>
    /// <param name="catalog">The served resources, to find a CRD's storage version.</param>
    /// <param name="resource">The resource.</param>
    public static string? StorageVersionHash(ResourceCatalog catalog, ServedResource resource)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(resource);
        if (!resource.Supports("list"))
        {
            return null;
        }

        var storage = resource.StorageVersion
            ? resource.Version
            : catalog.Resources.FirstOrDefault(r => r.Group == resource.Group && r.Resource == resource.Resource && r.StorageVersion)?.Version ?? resource.Version;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{resource.Group}/{storage}, Kind={resource.Kind}"));
        return Convert.ToBase64String(digest, 0, 8);
    }

    private static JsonObject ResourceEntry(ResourceCatalog catalog, ServedResource resource)
    {
        var entry = new JsonObject
        {
            ["name"] = resource.Resource,
            ["singularName"] = resource.Singular,
            ["namespaced"] = resource.Namespaced,
            ["kind"] = resource.Kind,
            ["verbs"] = Strings(resource.Verbs),
        };
        if (resource.ShortNames.Count > 0)
        {
            entry["shortNames"] = Strings(resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            entry["categories"] = Strings(resource.Categories);
        }

        if (StorageVersionHash(catalog, resource) is { } hash)
        {
            entry["storageVersionHash"] = hash;
        }

        return entry;
    }

    private static JsonObject GroupBody(ServedGroup group) => new()
    {
        ["name"] = group.Name,
        ["versions"] = new JsonArray([.. group.Versions.Select(VersionEntry)]),
        ["preferredVersion"] = VersionEntry(group.PreferredVersion),
    };

    private static JsonObject VersionEntry(ServedGroupVersion version) => new()
    {
        ["groupVersion"] = version.GroupVersion,
        ["version"] = version.Version,
    };

    internal static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
