using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>Which aggregated document: the core group at <c>/api</c>, or the named groups at <c>/apis</c>.</summary>
public enum DiscoveryRoot
{
    /// <summary><c>/api</c>: one item, the core group named <c>""</c>.</summary>
    Api,

    /// <summary><c>/apis</c>: every named group.</summary>
    Apis,
}

/// <summary>
/// Aggregated discovery (<c>apidiscovery.k8s.io</c> APIGroupDiscoveryList, v2 and v2beta1 share the shape): every
/// group, version and resource in one document, so kubectl needs only <c>/api</c> and <c>/apis</c>.
/// </summary>
public static class AggregatedDiscovery
{
    /// <summary>The APIGroupDiscoveryList for <c>/api</c> or <c>/apis</c>.</summary>
    /// <param name="catalog">The served resources.</param>
    /// <param name="root">Which document.</param>
    /// <param name="version"><c>v2</c> or <c>v2beta1</c>, as negotiated.</param>
    public static JsonObject Build(ResourceCatalog catalog, DiscoveryRoot root, string version = "v2")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var groups = catalog.Groups().Where(g => root == DiscoveryRoot.Api ? g.Name.Length == 0 : g.Name.Length > 0);
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + version,
            ["metadata"] = new JsonObject(),
            ["items"] = new JsonArray([.. groups.Select(Group)]),
        };
    }

    private static JsonObject Group(ServedGroup group) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = group.Name },
        ["versions"] = new JsonArray([.. group.Versions.Select(v => new JsonObject
        {
            ["version"] = v.Version,
            ["resources"] = new JsonArray([.. v.Resources.Select(Resource)]),
            // Everything is served in-process, so the document is never stale.
            ["freshness"] = "Current",
        })]),
    };

    private static JsonObject Resource(ServedResource resource)
    {
        var entry = new JsonObject
        {
            ["resource"] = resource.Resource,
            ["responseKind"] = Kind(resource.Group, resource.Version, resource.Kind),
            ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = resource.Singular,
            ["verbs"] = LegacyDiscovery.Strings(resource.Verbs),
        };
        if (resource.ShortNames.Count > 0)
        {
            entry["shortNames"] = LegacyDiscovery.Strings(resource.ShortNames);
        }

        if (resource.Categories.Count > 0)
        {
            entry["categories"] = LegacyDiscovery.Strings(resource.Categories);
        }

        if (resource.Subresources.Count > 0)
        {
            entry["subresources"] = new JsonArray([.. resource.Subresources.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new JsonObject
            {
                ["subresource"] = s.Name,
                ["responseKind"] = Kind(s.Group ?? resource.Group, s.Version ?? resource.Version, s.Kind),
                ["verbs"] = LegacyDiscovery.Strings(s.Verbs),
            })]);
        }

        return entry;
    }

    private static JsonObject Kind(string group, string version, string kind) => new()
    {
        ["group"] = group,
        ["version"] = version,
        ["kind"] = kind,
    };
}
