using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Apis.Multicluster.V1Alpha1;
using k8s;

namespace Clusternet.Clients;

/// <summary>
/// The typed clients of every Clusternet kind, grouped by API group and version as client-go's
/// generated clientset is (<c>clientset.AppsV1alpha1().Subscriptions(ns)</c>). Wraps the
/// KubernetesClient instance you already have: every request goes through its pipeline
/// (kubeconfig, authentication, TLS, delegating handlers).
/// </summary>
/// <example>
/// <code>
/// var clusternet = new ClusternetClient(new Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig()));
/// var subscription = await clusternet.AppsV1Alpha1.Subscriptions("retail").GetAsync("shop-web");
/// </code>
/// </example>
public sealed class ClusternetClient
{
    /// <summary>Wraps a KubernetesClient instance; the caller keeps owning (and disposing) it.</summary>
    /// <param name="kubernetes">The instance whose HTTP pipeline carries every request.</param>
    public ClusternetClient(Kubernetes kubernetes)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        Kubernetes = kubernetes;
        ClustersV1Beta1 = new ClustersV1Beta1Client(kubernetes);
        AppsV1Alpha1 = new AppsV1Alpha1Client(kubernetes);
        MulticlusterV1Alpha1 = new MulticlusterV1Alpha1Client(kubernetes);
    }

    /// <summary>The wrapped KubernetesClient instance, for built-in kinds.</summary>
    public Kubernetes Kubernetes { get; }

    /// <summary><c>clusters.clusternet.io/v1beta1</c>: ManagedClusters and ClusterRegistrationRequests.</summary>
    public ClustersV1Beta1Client ClustersV1Beta1 { get; }

    /// <summary><c>apps.clusternet.io/v1alpha1</c>: Subscriptions, Bases, Descriptions, Localizations, Globalizations, Manifests, HelmCharts, HelmReleases, FeedInventories.</summary>
    public AppsV1Alpha1Client AppsV1Alpha1 { get; }

    /// <summary><c>multicluster.x-k8s.io/v1alpha1</c>: ServiceExports and ServiceImports.</summary>
    public MulticlusterV1Alpha1Client MulticlusterV1Alpha1 { get; }
}

/// <summary>Typed clients of <c>clusters.clusternet.io/v1beta1</c>.</summary>
/// <param name="kubernetes">The instance whose pipeline carries the requests.</param>
public sealed class ClustersV1Beta1Client(Kubernetes kubernetes)
{
    /// <summary>ManagedClusters (namespaced: each lives in its cluster's dedicated namespace); null reads all namespaces.</summary>
    /// <param name="namespace">The cluster's dedicated namespace, or null to list and watch across namespaces.</param>
    public IResourceClient<ManagedCluster, ManagedClusterList> ManagedClusters(string? @namespace = null) => kubernetes.Resource<ManagedCluster, ManagedClusterList>(@namespace);

    /// <summary>ClusterRegistrationRequests (cluster-scoped).</summary>
    public IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> ClusterRegistrationRequests() => kubernetes.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
}

/// <summary>Typed clients of <c>apps.clusternet.io/v1alpha1</c>. Namespaced kinds take a namespace; null reads all namespaces.</summary>
/// <param name="kubernetes">The instance whose pipeline carries the requests.</param>
public sealed class AppsV1Alpha1Client(Kubernetes kubernetes)
{
    /// <summary>Subscriptions: what to distribute, and to which clusters.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<Subscription, SubscriptionList> Subscriptions(string? @namespace = null) => kubernetes.Resource<Subscription, SubscriptionList>(@namespace);

    /// <summary>Bases: the feeds bound to one cluster, in its dedicated namespace.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<Base, BaseList> Bases(string? @namespace = null) => kubernetes.Resource<Base, BaseList>(@namespace);

    /// <summary>Descriptions: the rendered objects to apply in one cluster.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<Description, DescriptionList> Descriptions(string? @namespace = null) => kubernetes.Resource<Description, DescriptionList>(@namespace);

    /// <summary>Localizations: per-cluster overrides.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<Localization, LocalizationList> Localizations(string? @namespace = null) => kubernetes.Resource<Localization, LocalizationList>(@namespace);

    /// <summary>Globalizations: overrides for every matching cluster (cluster-scoped).</summary>
    public IResourceClient<Globalization, GlobalizationList> Globalizations() => kubernetes.Resource<Globalization, GlobalizationList>();

    /// <summary>Manifests: the templates the shadow API stores (in <c>clusternet-reserved</c>).</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<Manifest, ManifestList> Manifests(string? @namespace = null) => kubernetes.Resource<Manifest, ManifestList>(@namespace);

    /// <summary>HelmCharts: charts distributed as feeds.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<HelmChart, HelmChartList> HelmCharts(string? @namespace = null) => kubernetes.Resource<HelmChart, HelmChartList>(@namespace);

    /// <summary>HelmReleases: one chart released in one cluster.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<HelmRelease, HelmReleaseList> HelmReleases(string? @namespace = null) => kubernetes.Resource<HelmRelease, HelmReleaseList>(@namespace);

    /// <summary>FeedInventories: the replica requirements of a Subscription's feeds.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<FeedInventory, FeedInventoryList> FeedInventories(string? @namespace = null) => kubernetes.Resource<FeedInventory, FeedInventoryList>(@namespace);
}

/// <summary>Typed clients of <c>multicluster.x-k8s.io/v1alpha1</c> (the Multi-Cluster Services API).</summary>
/// <param name="kubernetes">The instance whose pipeline carries the requests.</param>
public sealed class MulticlusterV1Alpha1Client(Kubernetes kubernetes)
{
    /// <summary>ServiceExports: Services offered to the fleet.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<ServiceExport, ServiceExportList> ServiceExports(string? @namespace = null) => kubernetes.Resource<ServiceExport, ServiceExportList>(@namespace);

    /// <summary>ServiceImports: Services consumed from the fleet.</summary>
    /// <param name="namespace">The namespace, or null for all namespaces.</param>
    public IResourceClient<ServiceImport, ServiceImportList> ServiceImports(string? @namespace = null) => kubernetes.Resource<ServiceImport, ServiceImportList>(@namespace);
}
