namespace Clusternet.Known;

/// <summary>
/// Label keys Clusternet puts on objects, in the parent and in child clusters. Besides these,
/// some objects carry labels whose key is a bare UID and whose value is a kind (a Subscription's
/// own UID → <c>Subscription</c>, a Base's → <c>Base</c>, …); they tie feeds, Bases and overrides together.
/// </summary>
public static class ClusternetLabels
{
    /// <summary>
    /// The prefix of node labels the agent lifts onto its ManagedCluster when most of the cluster's
    /// worker nodes share them (the agent's <c>--labels-aggregate-prefix</c> default).
    /// </summary>
    public const string NodeLabelsKeyPrefix = "node.clusternet.io/";

    /// <summary>On a ClusterRegistrationRequest: which component created it; the agent writes <see cref="ClusternetLabelValues.AgentName"/>.</summary>
    public const string ClusterRegisteredBy = "clusters.clusternet.io/registered-by";

    /// <summary>
    /// The child cluster's UUID, on every object that belongs to one cluster (registration request,
    /// dedicated namespace, ManagedCluster, ServiceAccount, Base, Description, HelmRelease, credential
    /// Secrets). The socket proxy finds a cluster by it and Subscriptions usually select on it.
    /// </summary>
    public const string ClusterId = "clusters.clusternet.io/cluster-id";

    /// <summary>The child cluster's name, on the same objects as <see cref="ClusterId"/>.</summary>
    public const string ClusterName = "clusters.clusternet.io/cluster-name";

    /// <summary>
    /// Marks bootstrapping objects: <see cref="ClusternetLabelValues.CredentialsAuto"/> on credential
    /// Secrets the agent writes, <see cref="ClusternetLabelValues.RbacDefaults"/> on the default RBAC objects.
    /// </summary>
    public const string ClusterBootstrapping = "clusters.clusternet.io/bootstrapping";

    /// <summary>Which Clusternet component created the object (agent, hub or controller manager; see <see cref="ClusternetLabelValues"/>).</summary>
    public const string ObjectCreatedBy = "clusternet.io/created-by";

    /// <summary>The API group of the source object (empty for the core group); on Manifests, and in the selector that finds a feed's Manifest.</summary>
    public const string ConfigGroup = "apps.clusternet.io/config.group";

    /// <summary>The API version of the source object.</summary>
    public const string ConfigVersion = "apps.clusternet.io/config.version";

    /// <summary>The kind of the source or owning object, such as <c>Deployment</c> or <c>Base</c>.</summary>
    public const string ConfigKind = "apps.clusternet.io/config.kind";

    /// <summary>The name of the source or owning object; the shadow API turns a <c>metadata.name</c> field selector into this label.</summary>
    public const string ConfigName = "apps.clusternet.io/config.name";

    /// <summary>The namespace of the source or owning object.</summary>
    public const string ConfigNamespace = "apps.clusternet.io/config.namespace";

    /// <summary>The UID of the owning object: the Subscription on a Base, the Base on a Description, the Description on a HelmRelease.</summary>
    public const string ConfigUid = "apps.clusternet.io/config.uid";

    /// <summary>The UID of the Subscription an object descends from.</summary>
    public const string ConfigSubscriptionUid = "apps.clusternet.io/subs.uid";

    /// <summary>The name of the Subscription an object descends from; left off Bases when the name exceeds 57 characters.</summary>
    public const string ConfigSubscriptionName = "apps.clusternet.io/subs.name";

    /// <summary>The namespace of the Subscription an object descends from; also read from ServiceExports and copied onto mirrored EndpointSlices.</summary>
    public const string ConfigSubscriptionNamespace = "apps.clusternet.io/subs.namespace";

    /// <summary>Multi-cluster services: the name of the source Service, on ServiceImports and mirrored EndpointSlices.</summary>
    public const string ServiceName = "services.clusternet.io/multi-cluster-service-name";

    /// <summary>Multi-cluster services: the namespace of the source Service, on ServiceImports and mirrored EndpointSlices.</summary>
    public const string ServiceNamespace = "services.clusternet.io/multi-cluster-service-namespace";
}
