using Clusternet.Apis;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Clients;
using k8s;

namespace Clusternet.Client.Tests.Clients;

/// <summary>The ClusternetClient, YAML and informer snippets of docs/client.md and README.md, kept compiling (never run).</summary>
internal static class ClusternetClientDocsExamples
{
    public static async Task ClusternetClientAsync(string yaml, IWorkQueue<string> queue, CancellationToken ct)
    {
        var clusternet = new ClusternetClient(new Kubernetes(KubernetesClientConfiguration.BuildDefaultConfig()));

        var clusters = await clusternet.ClustersV1Beta1.ManagedClusters().ListAsync();
        var requests = clusternet.ClustersV1Beta1.ClusterRegistrationRequests();
        var subscription = await clusternet.AppsV1Alpha1.Subscriptions("retail").GetAsync("shop-web");
        var exports = clusternet.MulticlusterV1Alpha1.ServiceExports("retail");
        await foreach (var sub in clusternet.AppsV1Alpha1.Subscriptions("retail").ListAllAsync())
        {
            Console.WriteLine($"{sub.Metadata.Name}: {sub.Status?.BindingClusters?.Count ?? 0} clusters");
        }

        var objects = KubernetesYaml.LoadAllFromString(yaml, new Dictionary<string, Type>(ClusternetKinds.YamlTypeMap));

        var informer = SharedInformer.Create(clusternet.ClustersV1Beta1.ManagedClusters());
        informer.AddEventHandler(new ResourceEventHandler<ManagedCluster> { Added = (c, _) => queue.Add(CacheKey.Of(c)) });
        await informer.StartAsync(ct);
        await informer.WaitForCacheSyncAsync(ct);
        GC.KeepAlive((clusters, requests, subscription, exports, objects));
    }
}

/// <summary>ClusternetClient wiring: each group client reaches the URL of its kind.</summary>
public sealed class ClusternetClientTests
{
    [Fact]
    public void EveryKindIsReachableAtItsUpstreamUrl()
    {
        using var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });
        var c = new ClusternetClient(kubernetes);

        string Path<T, TList>(IResourceClient<T, TList> client)
            where T : class, k8s.IKubernetesObject<k8s.Models.V1ObjectMeta>
            where TList : class, k8s.IKubernetesObject<k8s.Models.V1ListMeta>, k8s.Models.IItems<T>
        {
            var d = ((ResourceClient<T, TList>)client).Descriptor;
            return $"/apis/{d.Group}/{d.Version}/{(client.Namespace is { } ns ? $"namespaces/{ns}/" : "")}{d.Plural}";
        }

        Assert.Equal("/apis/clusters.clusternet.io/v1beta1/namespaces/clusternet-abcde/managedclusters", Path(c.ClustersV1Beta1.ManagedClusters("clusternet-abcde")));
        Assert.Equal("/apis/clusters.clusternet.io/v1beta1/clusterregistrationrequests", Path(c.ClustersV1Beta1.ClusterRegistrationRequests()));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/subscriptions", Path(c.AppsV1Alpha1.Subscriptions("ns")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/bases", Path(c.AppsV1Alpha1.Bases("ns")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/descriptions", Path(c.AppsV1Alpha1.Descriptions("ns")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/localizations", Path(c.AppsV1Alpha1.Localizations("ns")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/globalizations", Path(c.AppsV1Alpha1.Globalizations()));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/clusternet-reserved/manifests", Path(c.AppsV1Alpha1.Manifests("clusternet-reserved")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/helmcharts", Path(c.AppsV1Alpha1.HelmCharts("ns")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/helmreleases", Path(c.AppsV1Alpha1.HelmReleases("ns")));
        Assert.Equal("/apis/apps.clusternet.io/v1alpha1/namespaces/ns/feedinventories", Path(c.AppsV1Alpha1.FeedInventories("ns")));
        Assert.Equal("/apis/multicluster.x-k8s.io/v1alpha1/namespaces/ns/serviceexports", Path(c.MulticlusterV1Alpha1.ServiceExports("ns")));
        Assert.Equal("/apis/multicluster.x-k8s.io/v1alpha1/namespaces/ns/serviceimports", Path(c.MulticlusterV1Alpha1.ServiceImports("ns")));
    }
}
