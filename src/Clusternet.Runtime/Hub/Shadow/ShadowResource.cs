using System.Text.Json.Nodes;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// One kind of the parent mirrored by the shadow API. The shadow API addresses it by plural alone (group and version
/// are dropped by the client wrapper), so this carries what is needed to find the kind again in the parent.
/// </summary>
/// <param name="Plural">The resource name in URLs, e.g. <c>deployments</c>.</param>
/// <param name="Singular">The singular name, e.g. <c>deployment</c>.</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The version the shadow API stores (preferred, or the CRD's storage version).</param>
/// <param name="Kind">The kind, e.g. <c>Deployment</c>.</param>
/// <param name="Namespaced">Whether objects live in namespaces.</param>
/// <param name="CustomResource">Whether a CRD defines it (patch types and subresources differ).</param>
/// <param name="Discovery">Its entries in the shadow APIResourceList: the resource and its subresources.</param>
internal sealed record ShadowResource(
    string Plural,
    string Singular,
    string Group,
    string Version,
    string Kind,
    bool Namespaced,
    bool CustomResource,
    IReadOnlyList<JsonObject> Discovery)
{
    /// <summary><c>deployments.apps</c>, or <c>pods</c> for the core group, as kube-apiserver names resources in messages.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : Plural + "." + Group;

    /// <summary><c>apps/v1</c>, or <c>v1</c> for the core group.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>Whether <c>&lt;plural&gt;/scale</c> is served (the shadow API reads and writes the template's replicas).</summary>
    public bool HasScale => Discovery.Any(entry => entry["name"]?.GetValue<string>() == Plural + "/scale");

    /// <summary>The parent's path of the collection, in namespace <paramref name="namespace"/> for namespaced kinds.</summary>
    public string ParentCollectionPath(string? @namespace)
    {
        var root = Group.Length == 0 ? "/api/" + Version : $"/apis/{Group}/{Version}";
        return Namespaced && @namespace is not null ? $"{root}/namespaces/{@namespace}/{Plural}" : $"{root}/{Plural}";
    }
}
