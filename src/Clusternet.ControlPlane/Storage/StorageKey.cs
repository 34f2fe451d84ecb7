namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// The address of one stored object: its resource (group and plural, <c>apps/deployments</c>, or
/// <c>/configmaps</c> for the core group), its namespace (null for a cluster-scoped object) and its name.
/// </summary>
/// <param name="Resource">Group and plural separated by a slash; the group is empty for the core group.</param>
/// <param name="Namespace">The namespace, or null for a cluster-scoped object.</param>
/// <param name="Name">The object's name.</param>
public readonly record struct StorageKey(string Resource, string? Namespace, string Name)
{
    /// <summary>The key as a path, <c>apps/deployments/ns/name</c> or <c>/namespaces/name</c>, for messages and logs.</summary>
    public override string ToString() =>
        Namespace is null ? $"{Resource}/{Name}" : $"{Resource}/{Namespace}/{Name}";

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(Resource, nameof(Resource));
        ArgumentException.ThrowIfNullOrEmpty(Name, nameof(Name));
        if (Namespace is { Length: 0 })
        {
            throw new ArgumentException("An empty namespace is not allowed; use null for a cluster-scoped object.", nameof(Namespace));
        }
    }
}
