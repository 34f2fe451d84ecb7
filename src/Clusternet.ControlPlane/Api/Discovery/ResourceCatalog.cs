using k8s.Models;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// The registry of served resources: the built-in kinds plus whatever CustomResourceDefinitions add at run time.
/// Reads see an immutable snapshot; writes swap the snapshot and raise <see cref="Changed"/> so discovery
/// caches are rebuilt.
/// </summary>
public sealed class ResourceCatalog
{
    // kube-apiserver lists its built-in groups in this order (the aggregator's group priorities);
    // groups it does not know, such as CRD groups, follow alphabetically.
    private static readonly string[] BuiltInGroupOrder =
    [
        "apiregistration.k8s.io", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io",
        "autoscaling", "batch", "certificates.k8s.io", "networking.k8s.io", "policy", "rbac.authorization.k8s.io",
        "storage.k8s.io", "admissionregistration.k8s.io", "apiextensions.k8s.io", "scheduling.k8s.io",
        "coordination.k8s.io", "node.k8s.io", "discovery.k8s.io", "flowcontrol.apiserver.k8s.io",
    ];

    private readonly Lock writeLock = new();
    private volatile Snapshot current;

    /// <summary>Creates a catalog holding exactly the given resources.</summary>
    /// <param name="resources">The initial resources; at most one per group, version and resource.</param>
    public ResourceCatalog(IEnumerable<ServedResource> resources)
    {
        current = new Snapshot(0, [.. resources]);
    }

    /// <summary>Raised after every change, once the new snapshot is visible.</summary>
    public event EventHandler? Changed;

    /// <summary>Increases with every change; caches of documents built from the catalog key on it.</summary>
    public long Generation => current.Generation;

    /// <summary>Every served resource, in insertion order.</summary>
    public IReadOnlyList<ServedResource> Resources => current.Resources;

    /// <summary>A catalog with the built-in kinds of <see cref="BuiltInResources"/>.</summary>
    public static ResourceCatalog CreateWithBuiltIns() => new(BuiltInResources.Create());

    /// <summary>Adds resources, replacing any already served at the same group, version and resource.</summary>
    /// <param name="resources">The resources to serve.</param>
    public void Add(IEnumerable<ServedResource> resources)
    {
        var added = resources.ToList();
        Update(list =>
        {
            list.RemoveAll(r => added.Any(a => SameResource(a, r)));
            list.AddRange(added);
            return true;
        });
    }

    /// <summary>Stops serving one resource at one group-version.</summary>
    /// <returns>Whether it was served.</returns>
    /// <param name="group">The API group.</param>
    /// <param name="version">The version.</param>
    /// <param name="resource">The plural resource name.</param>
    public bool Remove(string group, string version, string resource) =>
        Update(list => list.RemoveAll(r => r.Group == group && r.Version == version && r.Resource == resource) > 0);

    /// <summary>
    /// Serves what a CustomResourceDefinition defines now: its served versions replace whatever the same CRD
    /// defined before, so a version that stopped being served disappears.
    /// </summary>
    /// <param name="definition">The CRD as stored.</param>
    public void Apply(V1CustomResourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var resources = CustomResourceDefinitionResources.From(definition);
        var name = definition.Metadata?.Name ?? CustomResourceDefinitionResources.NameOf(definition);
        Update(list =>
        {
            list.RemoveAll(r => r.DefinedBy == name || resources.Any(a => SameResource(a, r)));
            list.AddRange(resources);
            return true;
        });
    }

    /// <summary>Stops serving every resource a CustomResourceDefinition defined.</summary>
    /// <returns>Whether anything was served for it.</returns>
    /// <param name="definitionName">The CRD's name, <c>plural.group</c>.</param>
    public bool RemoveDefinition(string definitionName) =>
        Update(list => list.RemoveAll(r => r.DefinedBy == definitionName) > 0);

    /// <summary>Finds a resource by group, version and plural name.</summary>
    /// <returns>The resource, or null when it is not served.</returns>
    /// <param name="group">The API group.</param>
    /// <param name="version">The version.</param>
    /// <param name="resource">The plural resource name.</param>
    public ServedResource? Find(string group, string version, string resource) =>
        current.Resources.FirstOrDefault(r => r.Group == group && r.Version == version && r.Resource == resource);

    /// <summary>
    /// The served groups in discovery order (core first), each with its versions in preference order.
    /// </summary>
    public IReadOnlyList<ServedGroup> Groups() => current.Groups;

    private static bool SameResource(ServedResource a, ServedResource b) =>
        a.Group == b.Group && a.Version == b.Version && a.Resource == b.Resource;

    private bool Update(Func<List<ServedResource>, bool> change)
    {
        lock (writeLock)
        {
            var list = current.Resources.ToList();
            if (!change(list))
            {
                return false;
            }

            current = new Snapshot(current.Generation + 1, list);
        }

        Changed?.Invoke(this, EventArgs.Empty);
        return true;
    }

    private static int GroupRank(string group)
    {
        if (group.Length == 0)
        {
            return -1;
        }

        var index = Array.IndexOf(BuiltInGroupOrder, group);
        return index >= 0 ? index : BuiltInGroupOrder.Length;
    }

    private sealed class Snapshot(long generation, IReadOnlyList<ServedResource> resources)
    {
        private IReadOnlyList<ServedGroup>? groups;

        public long Generation { get; } = generation;

        public IReadOnlyList<ServedResource> Resources { get; } = resources;

        public IReadOnlyList<ServedGroup> Groups => groups ??= Resources
            .GroupBy(r => r.Group)
            .OrderBy(g => GroupRank(g.Key))
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ServedGroup(
                g.Key,
                [.. g.GroupBy(r => r.Version)
                    .OrderBy(v => v.Key, KubeVersionOrder.Instance)
                    .Select(v => new ServedGroupVersion(g.Key, v.Key, [.. v.OrderBy(r => r.Resource, StringComparer.Ordinal)]))]))
            .ToList();
    }
}

/// <summary>A served API group.</summary>
/// <param name="Name">The group name; empty for the core group.</param>
/// <param name="Versions">The served versions, the preferred one first.</param>
public sealed record ServedGroup(string Name, IReadOnlyList<ServedGroupVersion> Versions)
{
    /// <summary>The version clients use when they do not ask for one.</summary>
    public ServedGroupVersion PreferredVersion => Versions[0];
}

/// <summary>One served group-version and its resources, sorted by name.</summary>
/// <param name="Group">The group name; empty for the core group.</param>
/// <param name="Version">The version.</param>
/// <param name="Resources">The resources served at this group-version.</param>
public sealed record ServedGroupVersion(string Group, string Version, IReadOnlyList<ServedResource> Resources)
{
    /// <summary><c>v1</c> for the core group, otherwise <c>group/version</c>.</summary>
    public string GroupVersion => Group.Length == 0 ? Version : Group + "/" + Version;
}
