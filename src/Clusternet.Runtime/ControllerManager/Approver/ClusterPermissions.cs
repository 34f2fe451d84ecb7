using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Known;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// The RBAC a registered cluster's ServiceAccount gets in the parent, and what a bootstrap token gets. Narrower
/// than upstream's (see docs/controller-manager.md): upstream grants <c>*/*/*</c> in the dedicated namespace,
/// <c>get</c> on every Secret of the parent and on every registration request, and every verb on the cluster's
/// socket.
/// </summary>
internal static class ClusterPermissions
{
    private const string ClustersGroup = ClusterRegistrationRequest.KubeGroup;
    private const string AppsGroup = "apps.clusternet.io";
    private const string ProxiesGroup = "proxies.clusternet.io";
    private static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>
    /// Cluster-scoped rights: read its own registration request (the restarted agent polls it), create requests
    /// (an upstream agent re-posts its request with its own credentials on every start and treats 409 as fine;
    /// refusing the POST would push it back to the bootstrap token), and open only its own tunnel — verb
    /// <c>get</c>, the WebSocket upgrade. <c>sockets/proxy</c> is not granted: callers proxy, the agent does not.
    /// </summary>
    public static List<V1PolicyRule> ClusterRules(string clusterId) =>
    [
        new() { ApiGroups = [ClustersGroup], Resources = [ClusterRegistrationRequest.KubePluralName], Verbs = ["create"] },
        new() { ApiGroups = [ClustersGroup], Resources = [ClusterRegistrationRequest.KubePluralName], Verbs = ["get"], ResourceNames = [ClusternetNames.RegistrationRequestName(clusterId)] },
        new() { ApiGroups = [ProxiesGroup], Resources = ["sockets"], Verbs = ["get"], ResourceNames = [clusterId] },
    ];

    /// <summary>
    /// Rights inside the dedicated namespace: the Clusternet objects addressed to the cluster (Descriptions,
    /// HelmReleases, Bases … and their status), its own ManagedCluster (read; labels and status of that one object
    /// only), the Secrets it pushes (<c>child-cluster-deployer</c>), the Lease it renews as a heartbeat, and Events.
    /// No Pods, no RBAC objects, nothing outside the namespace.
    /// </summary>
    public static List<V1PolicyRule> NamespaceRules(string managedClusterName) =>
    [
        new() { ApiGroups = [ClustersGroup], Resources = [ManagedCluster.KubePluralName], Verbs = ["get", "list", "watch"] },
        new() { ApiGroups = [ClustersGroup], Resources = [ManagedCluster.KubePluralName], Verbs = ["patch"], ResourceNames = [managedClusterName] },
        new() { ApiGroups = [ClustersGroup], Resources = [ManagedCluster.KubePluralName + "/status"], Verbs = ["get", "update", "patch"], ResourceNames = [managedClusterName] },
        new() { ApiGroups = [AppsGroup], Resources = ["*"], Verbs = ["*"] },
        new() { ApiGroups = [""], Resources = ["secrets"], Verbs = ReadWrite },
        new() { ApiGroups = ["coordination.k8s.io"], Resources = ["leases"], Verbs = ReadWrite },
        new() { ApiGroups = ["", "events.k8s.io"], Resources = ["events"], Verbs = ["create", "update", "patch"] },
    ];

    /// <summary>What every bootstrap token may do: create registration requests, nothing else (upstream also grants <c>get</c> on all of them).</summary>
    public static List<V1PolicyRule> BootstrapRules() =>
    [
        new() { ApiGroups = [ClustersGroup], Resources = [ClusterRegistrationRequest.KubePluralName], Verbs = ["create"] },
    ];

    /// <summary>Reading one registration request, granted to bootstrap tokens for a while after it appears.</summary>
    public static List<V1PolicyRule> BootstrapReaderRules(string requestName) =>
    [
        new() { ApiGroups = [ClustersGroup], Resources = [ClusterRegistrationRequest.KubePluralName], Verbs = ["get", "watch"], ResourceNames = [requestName] },
    ];

    /// <summary>The subject of bootstrap grants: the group upstream's sample bootstrap token carries.</summary>
    public static Rbacv1Subject BootstrapSubject() => new() { Kind = "Group", ApiGroup = "rbac.authorization.k8s.io", Name = ClusternetNames.BootstrapTokenGroup };

    /// <summary>Whether two rule lists grant the same, compared field by field in order.</summary>
    public static bool SameRules(IList<V1PolicyRule>? left, IList<V1PolicyRule>? right)
    {
        left ??= [];
        right ??= [];
        if (left.Count != right.Count)
        {
            return false;
        }

        for (var i = 0; i < left.Count; i++)
        {
            if (!Same(left[i].ApiGroups, right[i].ApiGroups) || !Same(left[i].Resources, right[i].Resources)
                || !Same(left[i].Verbs, right[i].Verbs) || !Same(left[i].ResourceNames, right[i].ResourceNames)
                || !Same(left[i].NonResourceURLs, right[i].NonResourceURLs))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(IList<string>? left, IList<string>? right) => (left ?? []).SequenceEqual(right ?? [], StringComparer.Ordinal);
}
