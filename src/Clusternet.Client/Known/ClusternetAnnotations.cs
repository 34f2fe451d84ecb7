namespace Clusternet.Known;

/// <summary>Annotation keys Clusternet reads or writes.</summary>
public static class ClusternetAnnotations
{
    /// <summary>
    /// <c>"true"</c> on the default RBAC objects and on the agent's deployer Secret: Clusternet keeps
    /// reconciling them. A user sets <c>"false"</c> to take an object over.
    /// </summary>
    public const string AutoUpdate = "clusternet.io/autoupdate";

    /// <summary>
    /// On a Manifest or HelmChart whose deletion is blocked because Subscriptions still use it: a
    /// human-readable reason. The shadow API copies it onto the template it returns.
    /// </summary>
    public const string FeedProtection = "apps.clusternet.io/feed-protection";

    /// <summary>
    /// <c>"true"</c> tells the shadow API not to dry-run the object against the parent, so an object
    /// whose CRD exists only in child clusters can still be stored as a template.
    /// </summary>
    public const string SkipValidating = "apps.clusternet.io/skip-validating";

    /// <summary>
    /// On every object the generic deployer applies in a child cluster: the Description it came from,
    /// as <c>&lt;namespace&gt;.&lt;name&gt;</c> (see <see cref="OwnedByDescriptionValue"/>).
    /// </summary>
    public const string ObjectOwnedByDescription = "apps.clusternet.io/owned-by-description";

    /// <summary>
    /// The JSON of the object as last applied by Clusternet, kept for three-way merges. kubectl's own
    /// last-applied annotation is removed before deploying.
    /// </summary>
    public const string LastAppliedConfig = "clusternet.io/last-applied-configuration";

    /// <summary><c>"true"</c> on a Subscription (and its Bases) that is the default workload for initialising new clusters.</summary>
    public const string IsDefaultClusterInit = "apps.clusternet.io/is-default-cluster-init";

    /// <summary>On a ManagedCluster: the Base that initialises it, chosen ahead of any default; meant for clusters that joined earlier.</summary>
    public const string ClusterInitBase = "apps.clusternet.io/cluster-init-base";

    /// <summary>
    /// <c>"true"</c> on a ManagedCluster turns initialisation off: <c>clusterInitBaseName</c> stays unset and
    /// the ClusterInit condition becomes True with reason ClusterInitDisabled.
    /// </summary>
    public const string ClusterInitSkip = "clusters.clusternet.io/skip-cluster-init";

    /// <summary>The value of <see cref="ObjectOwnedByDescription"/> for a Description: <c>&lt;namespace&gt;.&lt;name&gt;</c>.</summary>
    /// <param name="descriptionNamespace">The Description's namespace.</param>
    /// <param name="descriptionName">The Description's name.</param>
    public static string OwnedByDescriptionValue(string descriptionNamespace, string descriptionName)
    {
        ArgumentException.ThrowIfNullOrEmpty(descriptionNamespace);
        ArgumentException.ThrowIfNullOrEmpty(descriptionName);
        return descriptionNamespace + "." + descriptionName;
    }
}
