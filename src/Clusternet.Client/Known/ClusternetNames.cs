namespace Clusternet.Known;

/// <summary>
/// Fixed names and naming rules of the objects Clusternet creates. Dedicated cluster namespaces,
/// the agent's ServiceAccount and generated cluster names end in <see cref="ClusternetDefaults.RandomIdLength"/>
/// random characters.
/// </summary>
public static class ClusternetNames
{
    /// <summary>
    /// The prefix of generated objects: registration request names, the <c>generateName</c> of
    /// dedicated namespaces and of the child's ServiceAccount in the parent, and the per-cluster ClusterRole.
    /// </summary>
    public const string ObjectPrefix = "clusternet-";

    /// <summary>The agent's default prefix for a cluster name it has to generate (<c>--cluster-reg-name-prefix</c>).</summary>
    public const string DefaultClusterNamePrefix = "clusternet-cluster";

    /// <summary>The Lease the agent creates in its child cluster; the cluster ID is generated when it is first created.</summary>
    public const string AgentLease = "clusternet-agent";

    /// <summary>
    /// The Secret the agent writes into its dedicated namespace in the parent, holding the credentials
    /// the deployer uses to reach the child (keys in <see cref="ClusternetSecretKeys"/>).
    /// </summary>
    public const string ChildClusterSecret = "child-cluster-deployer";

    /// <summary>The Secret in the agent's system namespace holding the credentials it received from the parent.</summary>
    public const string ParentClusterSecret = "parent-cluster";

    /// <summary>The Secret in <c>clusternet-system</c> that gives the agent the parent URL and bootstrap token.</summary>
    public const string AgentRegistrationSecret = "clusternet-agent-cluster-registration";

    /// <summary>The Secret template (in <c>capi-system</c>) from which Cluster API-provisioned clusters get their agent settings.</summary>
    public const string ClusterApiSecret = "clusternet-cluster-api";

    /// <summary>The ServiceAccount in the child's system namespace whose credentials are used to deploy resources there.</summary>
    public const string AppDeployerServiceAccount = "clusternet-app-deployer";

    /// <summary>The ServiceAccount in the parent's <c>clusternet-system</c> used to proxy requests to children.</summary>
    public const string HubProxyServiceAccount = "clusternet-hub-proxy";

    /// <summary>The Role in each dedicated namespace that grants the child's ServiceAccount every verb on every resource there.</summary>
    public const string ManagedClusterRole = "clusternet-managedcluster-role";

    /// <summary>The ClusterRole (and binding) that lets a bootstrap token read and create registration requests.</summary>
    public const string BootstrappingClusterRole = "clusternet:system:bootstrapping";

    /// <summary>The group of bootstrap tokens allowed to register clusters.</summary>
    public const string BootstrapTokenGroup = "system:bootstrappers:clusternet:register-cluster-token";

    /// <summary>The ClusterRole (and binding) that allows impersonating the socket proxy's user and credential extras.</summary>
    public const string SocketsProxyClusterRole = "clusternet:system:socketsproxy";

    /// <summary>The name of a child cluster's ClusterRegistrationRequest: <c>clusternet-&lt;clusterId&gt;</c>. The approver denies any other.</summary>
    /// <param name="clusterId">The cluster's UUID.</param>
    public static string RegistrationRequestName(string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        return ObjectPrefix + clusterId;
    }

    /// <summary>The name of the ClusterRole the approver grants a child cluster: <c>clusternet-&lt;clusterId&gt;</c>.</summary>
    /// <param name="clusterId">The cluster's UUID.</param>
    public static string ClusterRoleName(string clusterId)
    {
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        return ObjectPrefix + clusterId;
    }

    /// <summary>
    /// The name of the Manifest that stores a template: <c>&lt;resource&gt;.&lt;namespace&gt;.&lt;name&gt;</c>,
    /// or <c>&lt;resource&gt;.&lt;name&gt;</c> for a cluster-scoped object. Manifests live in the reserved namespace.
    /// </summary>
    /// <param name="resource">The template's resource (plural) name, such as <c>deployments</c>.</param>
    /// <param name="objectNamespace">The template's namespace; null or empty for cluster-scoped objects.</param>
    /// <param name="name">The template's name.</param>
    public static string ManifestName(string resource, string? objectNamespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(resource);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return string.IsNullOrEmpty(objectNamespace) ? $"{resource}.{name}" : $"{resource}.{objectNamespace}.{name}";
    }

    /// <summary>
    /// The name of the Description a Base produces for one deployer: <c>&lt;baseName&gt;-generic</c> or
    /// <c>&lt;baseName&gt;-helm</c> (the deployer value, <c>Generic</c> or <c>Helm</c>, in lower case).
    /// </summary>
    /// <param name="baseName">The Base's name.</param>
    /// <param name="deployer">The Description's deployer, <c>Generic</c> or <c>Helm</c>.</param>
    public static string DescriptionName(string baseName, string deployer)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseName);
        ArgumentException.ThrowIfNullOrEmpty(deployer);
        return baseName + "-" + deployer.ToLowerInvariant();
    }

    /// <summary>
    /// The name of the HelmRelease a Helm Description creates for one chart:
    /// <c>&lt;descriptionName&gt;-&lt;chartNamespace&gt;-&lt;chartName&gt;</c>. Its <c>spec.releaseName</c> is the chart's name.
    /// </summary>
    /// <param name="descriptionName">The Description's name.</param>
    /// <param name="chartNamespace">The HelmChart's namespace.</param>
    /// <param name="chartName">The HelmChart's name.</param>
    public static string HelmReleaseName(string descriptionName, string chartNamespace, string chartName)
    {
        ArgumentException.ThrowIfNullOrEmpty(descriptionName);
        ArgumentException.ThrowIfNullOrEmpty(chartNamespace);
        ArgumentException.ThrowIfNullOrEmpty(chartName);
        return $"{descriptionName}-{chartNamespace}-{chartName}";
    }
}
