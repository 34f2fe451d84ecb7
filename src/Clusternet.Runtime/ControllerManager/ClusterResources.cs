using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager;

/// <summary>
/// Typed clients of the kinds the controller manager writes in one cluster, all raising
/// <see cref="KubernetesApiException"/> subclasses so callers handle one family of errors.
/// </summary>
internal sealed class ClusterResources(Kubernetes kubernetes)
{
    private static readonly ResourceDescriptor NamespaceKind = ResourceDescriptor.For<V1Namespace>(namespaced: false);
    private static readonly ResourceDescriptor ServiceAccountKind = ResourceDescriptor.For<V1ServiceAccount>(namespaced: true);
    private static readonly ResourceDescriptor SecretKind = ResourceDescriptor.For<V1Secret>(namespaced: true);
    private static readonly ResourceDescriptor ClusterRoleKind = ResourceDescriptor.For<V1ClusterRole>(namespaced: false);
    private static readonly ResourceDescriptor ClusterRoleBindingKind = ResourceDescriptor.For<V1ClusterRoleBinding>(namespaced: false);
    private static readonly ResourceDescriptor RoleKind = ResourceDescriptor.For<V1Role>(namespaced: true);
    private static readonly ResourceDescriptor RoleBindingKind = ResourceDescriptor.For<V1RoleBinding>(namespaced: true);
    private static readonly ResourceDescriptor LeaseKind = ResourceDescriptor.For<V1Lease>(namespaced: true);
    private static readonly ResourceDescriptor NodeKind = ResourceDescriptor.For<V1Node>(namespaced: false);

    public Kubernetes Kubernetes { get; } = kubernetes;

    public IResourceClient<ManagedCluster, ManagedClusterList> ManagedClusters(string? @namespace = null) => Kubernetes.Resource<ManagedCluster, ManagedClusterList>(@namespace);

    public IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> RegistrationRequests() => Kubernetes.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();

    public IResourceClient<V1Namespace, V1NamespaceList> Namespaces() => Kubernetes.Resource<V1Namespace, V1NamespaceList>(NamespaceKind);

    public IResourceClient<V1ServiceAccount, V1ServiceAccountList> ServiceAccounts(string? @namespace) => Kubernetes.Resource<V1ServiceAccount, V1ServiceAccountList>(ServiceAccountKind, @namespace);

    public IResourceClient<V1Secret, V1SecretList> Secrets(string? @namespace) => Kubernetes.Resource<V1Secret, V1SecretList>(SecretKind, @namespace);

    public IResourceClient<V1ClusterRole, V1ClusterRoleList> ClusterRoles() => Kubernetes.Resource<V1ClusterRole, V1ClusterRoleList>(ClusterRoleKind);

    public IResourceClient<V1ClusterRoleBinding, V1ClusterRoleBindingList> ClusterRoleBindings() => Kubernetes.Resource<V1ClusterRoleBinding, V1ClusterRoleBindingList>(ClusterRoleBindingKind);

    public IResourceClient<V1Role, V1RoleList> Roles(string @namespace) => Kubernetes.Resource<V1Role, V1RoleList>(RoleKind, @namespace);

    public IResourceClient<V1RoleBinding, V1RoleBindingList> RoleBindings(string @namespace) => Kubernetes.Resource<V1RoleBinding, V1RoleBindingList>(RoleBindingKind, @namespace);

    public IResourceClient<V1Lease, V1LeaseList> Leases(string? @namespace) => Kubernetes.Resource<V1Lease, V1LeaseList>(LeaseKind, @namespace);

    public IResourceClient<V1Node, V1NodeList> Nodes() => Kubernetes.Resource<V1Node, V1NodeList>(NodeKind);

    /// <summary>GET, with 404 as null.</summary>
    public static async Task<T?> GetOrNullAsync<T, TList>(IResourceClient<T, TList> client, string name, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        try
        {
            return await client.GetAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>The first object matching every label, read live (not from a cache) so a restart never creates a twin.</summary>
    public static async Task<T?> FindByLabelsAsync<T, TList>(IResourceClient<T, TList> client, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        var selector = string.Join(',', labels.Select(l => $"{l.Key}={l.Value}"));
        var list = await client.ListAsync(new ListOptions { LabelSelector = selector }, cancellationToken).ConfigureAwait(false);
        return list.Items
            .Where(i => i.Metadata.DeletionTimestamp is null)
            .OrderBy(i => i.Metadata.CreationTimestamp)
            .ThenBy(i => i.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>The value of <paramref name="key"/>, or default when the dictionary or the key is absent.</summary>
    public static TValue? ValueOf<TValue>(IDictionary<string, TValue>? dictionary, string key) =>
        dictionary is not null && dictionary.TryGetValue(key, out var value) ? value : default;

    /// <summary>A deep copy, so a cached object is never changed in place.</summary>
    public static T Copy<T>(T value) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(value));
}
