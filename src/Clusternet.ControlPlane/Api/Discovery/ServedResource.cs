namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// One resource at one group-version as the server offers it: what discovery advertises and what the
/// request pipeline resolves a URL against.
/// </summary>
/// <param name="Group">The API group; empty for the core (legacy) group served under <c>/api</c>.</param>
/// <param name="Version">The version, such as <c>v1</c>.</param>
/// <param name="Resource">The plural, lower-case resource name used in URLs.</param>
/// <param name="Singular">The singular name kubectl accepts in place of the plural.</param>
/// <param name="Kind">The kind of the objects this resource holds.</param>
/// <param name="Namespaced">Whether the objects live in a namespace.</param>
/// <param name="Verbs">The verbs the resource supports, such as <c>get</c> and <c>watch</c>.</param>
public sealed record ServedResource(
    string Group,
    string Version,
    string Resource,
    string Singular,
    string Kind,
    bool Namespaced,
    IReadOnlyList<string> Verbs)
{
    /// <summary>Short aliases (<c>po</c>, <c>deploy</c>) resolved by kubectl from discovery.</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>Groupings such as <c>all</c>, which <c>kubectl get all</c> expands from discovery.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The subresources reachable under an object of this resource.</summary>
    public IReadOnlyList<ServedSubresource> Subresources { get; init; } = [];

    /// <summary>Whether objects are persisted in this version (a CRD's <c>storage: true</c> version; built-ins: always).</summary>
    public bool StorageVersion { get; init; } = true;

    /// <summary>
    /// The Table columns. For a custom resource they carry the CRD's JSONPath; for a built-in kind they describe
    /// the cells its printer computes.
    /// </summary>
    public IReadOnlyList<PrinterColumn> PrinterColumns { get; init; } = [];

    /// <summary>The name of the CustomResourceDefinition that defines this resource; null for built-in kinds.</summary>
    public string? DefinedBy { get; init; }

    /// <summary>The version as written in <c>apiVersion</c>: <c>v1</c> for the core group, otherwise <c>group/version</c>.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>Whether the resource supports the verb.</summary>
    /// <param name="verb">A lower-case verb.</param>
    public bool Supports(string verb) => Verbs.Contains(verb, StringComparer.Ordinal);
}

/// <summary>A subresource such as <c>status</c>, <c>scale</c> or <c>log</c>.</summary>
/// <param name="Name">The path segment after the object name.</param>
/// <param name="Kind">The kind the subresource reads and writes.</param>
/// <param name="Verbs">The verbs the subresource supports.</param>
/// <param name="Group">The kind's group when it differs from the parent's (<c>autoscaling</c> for scale); null for the parent's.</param>
/// <param name="Version">The kind's version when the group differs; null for the parent's.</param>
public sealed record ServedSubresource(string Name, string Kind, IReadOnlyList<string> Verbs, string? Group = null, string? Version = null);

/// <summary>A column of a server-side Table.</summary>
/// <param name="Name">The header; kubectl upper-cases it.</param>
/// <param name="Type">An OpenAPI type: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</param>
/// <param name="Format">An OpenAPI format hint; <c>name</c> marks the object's name column.</param>
/// <param name="Description">What the column shows.</param>
/// <param name="Priority">0 shows always; higher shows only with <c>-o wide</c>.</param>
/// <param name="JsonPath">For custom resources, the simple JSONPath that selects the cell; null for built-in printers.</param>
public sealed record PrinterColumn(string Name, string Type, string Format, string Description, int Priority = 0, string? JsonPath = null);
