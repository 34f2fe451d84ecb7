using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Apis.Clusters.V1Beta1;
using k8s;
using k8s.Models;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// Realistic lists for serialization benchmarks: what a hub of many clusters holds. Values vary per
/// item so that nothing is interned or shared, as in a real API response.
/// </summary>
internal static class FleetSamples
{
    private static readonly DateTime Epoch = new(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);

    public static ManagedClusterList ManagedClusters(int count)
    {
        var list = new ManagedClusterList { ApiVersion = "clusters.clusternet.io/v1beta1", Kind = "ManagedClusterList", Metadata = new V1ListMeta { ResourceVersion = "987654" } };
        for (var i = 0; i < count; i++)
        {
            var ns = $"clusternet-{i:x5}";
            list.Items.Add(new ManagedCluster
            {
                ApiVersion = "clusters.clusternet.io/v1beta1",
                Kind = "ManagedCluster",
                Metadata = new V1ObjectMeta
                {
                    Name = $"edge-{i}",
                    NamespaceProperty = ns,
                    Uid = Guid.NewGuid().ToString(),
                    ResourceVersion = (100000 + i).ToString(),
                    Generation = 3,
                    CreationTimestamp = Epoch.AddMinutes(i),
                    Labels = new Dictionary<string, string>
                    {
                        ["clusters.clusternet.io/cluster-id"] = Guid.NewGuid().ToString(),
                        ["clusters.clusternet.io/cluster-name"] = $"edge-{i}",
                        ["region"] = (i % 3) switch { 0 => "north", 1 => "south", _ => "west" },
                        ["tier"] = "edge",
                    },
                },
                Spec = new ManagedClusterSpec
                {
                    ClusterId = Guid.NewGuid().ToString(),
                    ClusterType = ClusterType.EdgeCluster,
                    SyncMode = ClusterSyncMode.Dual,
                    Taints = i % 10 == 0 ? [new V1Taint { Key = "clusters.clusternet.io/unreachable", Effect = "NoSchedule" }] : null,
                },
                Status = new ManagedClusterStatus
                {
                    LastObservedTime = Epoch.AddSeconds(i),
                    KubernetesVersion = "v1.32.4",
                    AgentVersion = "v0.18.1",
                    Platform = "linux/amd64",
                    ApiServerUrl = $"https://10.{i % 250}.{i / 250 % 250}.1:6443",
                    Healthz = true,
                    Livez = true,
                    Readyz = true,
                    AppPusher = true,
                    UseSocket = true,
                    KubeQps = 50,
                    KubeBurst = 100,
                    Allocatable = Resources(i, 0.9m),
                    Capacity = Resources(i, 1m),
                    ClusterCidr = "10.244.0.0/16",
                    ServiceCidr = "10.96.0.0/12",
                    NodeStatistics = new NodeStatistics { ReadyNodes = 3 + i % 5, NotReadyNodes = i % 2 },
                    Conditions =
                    [
                        new V1Condition { Type = "Ready", Status = "True", Reason = "ManagedClusterReady", Message = "managed cluster is ready", LastTransitionTime = Epoch.AddMinutes(i % 60) },
                    ],
                    HeartbeatFrequencySeconds = 60,
                    PredictorDirectAccess = false,
                },
            });
        }

        return list;
    }

    public static SubscriptionList Subscriptions(int count)
    {
        var list = new SubscriptionList { ApiVersion = "apps.clusternet.io/v1alpha1", Kind = "SubscriptionList", Metadata = new V1ListMeta { ResourceVersion = "987654" } };
        for (var i = 0; i < count; i++)
        {
            var app = $"shop-{i}";
            list.Items.Add(new Subscription
            {
                ApiVersion = "apps.clusternet.io/v1alpha1",
                Kind = "Subscription",
                Metadata = new V1ObjectMeta
                {
                    Name = app,
                    NamespaceProperty = "retail",
                    Uid = Guid.NewGuid().ToString(),
                    ResourceVersion = (200000 + i).ToString(),
                    Generation = 1,
                    CreationTimestamp = Epoch.AddMinutes(i),
                },
                Spec = new SubscriptionSpec
                {
                    SchedulerName = "default",
                    SchedulingStrategy = SchedulingStrategyType.Dividing,
                    DividingScheduling = new DividingScheduling { Type = ReplicaDividingType.Static },
                    Subscribers =
                    [
                        new Subscriber { ClusterAffinity = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["region"] = "north" } }, Weight = 3 },
                        new Subscriber { ClusterAffinity = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["region"] = "south" } }, Weight = 1 },
                    ],
                    Feeds =
                    [
                        new Feed { ApiVersion = "apps/v1", Kind = "Deployment", Namespace = "retail", Name = app },
                        new Feed { ApiVersion = "v1", Kind = "Service", Namespace = "retail", Name = app },
                    ],
                },
                Status = new SubscriptionStatus
                {
                    BindingClusters = ["clusternet-00001/edge-1", "clusternet-00002/edge-2"],
                    Replicas = new Dictionary<string, IList<int>>
                    {
                        [$"apps/v1/Deployment/retail/{app}"] = [3, 1],
                        [$"v1/Service/retail/{app}"] = [],
                    },
                    SpecHash = 1_000_000 + i,
                    DesiredReleases = 2,
                    CompletedReleases = 2,
                    AggregatedStatuses =
                    [
                        new AggregatedStatus
                        {
                            ApiVersion = "apps/v1", Kind = "Deployment", Namespace = "retail", Name = app,
                            FeedStatusSummary = new FeedStatus { Available = true, ReplicaStatus = new ReplicaStatus { Replicas = 4, ReadyReplicas = 4, AvailableReplicas = 4, UpdatedReplicas = 4, ObservedGeneration = 1 } },
                            FeedStatusDetails =
                            [
                                new FeedStatusPerCluster { ClusterId = Guid.NewGuid().ToString(), ClusterName = "edge-1", Available = true, ReplicaStatus = new ReplicaStatus { Replicas = 3, ReadyReplicas = 3, AvailableReplicas = 3 } },
                                new FeedStatusPerCluster { ClusterId = Guid.NewGuid().ToString(), ClusterName = "edge-2", Available = true, ReplicaStatus = new ReplicaStatus { Replicas = 1, ReadyReplicas = 1, AvailableReplicas = 1 } },
                            ],
                        },
                    ],
                },
            });
        }

        return list;
    }

    /// <summary>Nodes as a kubelet reports them, added until the serialized list reaches <paramref name="targetBytes"/>.</summary>
    public static (V1NodeList List, byte[] Json) NodesOfSize(long targetBytes)
    {
        // Size one node first, then build the count that reaches the target in one go.
        var probe = KubernetesJson.Serialize(Node(0)).Length;
        var count = (int)Math.Max(1, targetBytes / Math.Max(1, probe));
        var list = new V1NodeList { ApiVersion = "v1", Kind = "NodeList", Metadata = new V1ListMeta { ResourceVersion = "987654" }, Items = new List<V1Node>(count) };
        for (var i = 0; i < count; i++)
        {
            list.Items.Add(Node(i));
        }

        var json = System.Text.Encoding.UTF8.GetBytes(KubernetesJson.Serialize(list));
        return (list, json);
    }

    private static V1Node Node(int i) => new()
    {
        ApiVersion = "v1",
        Kind = "Node",
        Metadata = new V1ObjectMeta
        {
            Name = $"worker-{i}",
            Uid = Guid.NewGuid().ToString(),
            ResourceVersion = (300000 + i).ToString(),
            CreationTimestamp = Epoch.AddMinutes(i),
            Labels = new Dictionary<string, string>
            {
                ["kubernetes.io/hostname"] = $"worker-{i}",
                ["kubernetes.io/os"] = "linux",
                ["kubernetes.io/arch"] = "amd64",
                ["topology.kubernetes.io/zone"] = $"zone-{i % 3}",
            },
        },
        Spec = new V1NodeSpec { PodCIDR = $"10.244.{i % 250}.0/24", ProviderID = $"simulated://worker-{i}" },
        Status = new V1NodeStatus
        {
            Capacity = Resources(i, 1m),
            Allocatable = Resources(i, 0.9m),
            Addresses = [new V1NodeAddress { Type = "InternalIP", Address = $"10.0.{i % 250}.{i / 250 % 250}" }, new V1NodeAddress { Type = "Hostname", Address = $"worker-{i}" }],
            Conditions =
            [
                new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastHeartbeatTime = Epoch.AddSeconds(i), LastTransitionTime = Epoch },
                new V1NodeCondition { Type = "MemoryPressure", Status = "False", Reason = "KubeletHasSufficientMemory", Message = "kubelet has sufficient memory available", LastHeartbeatTime = Epoch.AddSeconds(i), LastTransitionTime = Epoch },
            ],
            NodeInfo = new V1NodeSystemInfo
            {
                Architecture = "amd64", BootID = Guid.NewGuid().ToString(), ContainerRuntimeVersion = "containerd://1.7.20",
                KernelVersion = "6.1.0-28-amd64", KubeProxyVersion = "v1.32.4", KubeletVersion = "v1.32.4",
                MachineID = Guid.NewGuid().ToString("N"), OperatingSystem = "linux", OsImage = "Debian GNU/Linux 12 (bookworm)", SystemUUID = Guid.NewGuid().ToString(),
            },
        },
    };

    private static Dictionary<string, ResourceQuantity> Resources(int i, decimal factor) => new()
    {
        ["cpu"] = new ResourceQuantity($"{(int)((8 + i % 8) * 1000 * factor)}m"),
        // Memory differs per machine (and a cluster's is a sum over its nodes), so every item gets its own value;
        // CPU and pod counts repeat across a fleet, as real node sizes do.
        ["memory"] = new ResourceQuantity($"{(long)(((16 + i % 16) * 1024 * 1024 - i * 37L) * factor)}Ki"),
        ["pods"] = new ResourceQuantity($"{(int)(110 * factor)}"),
    };
}
