using System.Text.Json.Nodes;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Client.Tests.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Apis.Clusters;

public class ManagedClusterJsonTests
{
    // Every field of the kind set, in the shape a Go agent and controller manager write it.
    private const string FullyPopulated = """
        {
          "apiVersion": "clusters.clusternet.io/v1beta1",
          "kind": "ManagedCluster",
          "metadata": {
            "name": "edge-lab-7",
            "namespace": "clusternet-q2x7k",
            "uid": "0b6f8e0e-2f3c-4d4a-9d61-1c7a0e5b8a11",
            "resourceVersion": "4711",
            "creationTimestamp": "2025-03-04T05:06:07Z",
            "labels": {
              "clusters.clusternet.io/cluster-id": "3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10",
              "clusters.clusternet.io/cluster-name": "edge-lab-7",
              "lab.example.com/rack": "r12"
            }
          },
          "spec": {
            "clusterId": "3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10",
            "clusterType": "EdgeCluster",
            "clusterInitBaseName": "lab-bootstrap",
            "syncMode": "Dual",
            "taints": [
              { "key": "clusters.clusternet.io/initialization", "value": "ClusterInitWaiting", "effect": "NoSchedule" },
              { "key": "lab.example.com/maintenance", "effect": "NoExecute", "timeAdded": "2025-03-04T05:10:00Z" }
            ]
          },
          "status": {
            "lastObservedTime": "2025-03-04T06:00:00Z",
            "k8sVersion": "v1.31.2",
            "agentVersion": "v0.18.1",
            "platform": "linux/arm64",
            "apiserverURL": "https://10.20.0.4:6443",
            "healthz": true,
            "livez": true,
            "readyz": false,
            "appPusher": true,
            "useSocket": true,
            "kubeQPS": 12.5,
            "kubeBurst": 40,
            "allocatable": { "cpu": "7800m", "memory": "30Gi", "nvidia.com/gpu": "2" },
            "capacity": { "cpu": "8", "memory": "32Gi", "nvidia.com/gpu": "2" },
            "clusterCIDR": "10.244.0.0/16",
            "serviceCIDR": "10.96.0.0/12",
            "nodeStatistics": { "readyNodes": 3, "notReadyNodes": 1, "unknownNodes": 2, "lostNodes": 4 },
            "podStatistics": { "runningPods": 41, "totalPods": 44 },
            "resourceUsage": { "cpuUsage": "2350m", "memoryUsage": "11Gi" },
            "conditions": [
              {
                "type": "Ready",
                "status": "False",
                "observedGeneration": 3,
                "lastTransitionTime": "2025-03-04T05:59:00Z",
                "reason": "ManagedClusterNotReady",
                "message": "managed cluster is not ready."
              },
              {
                "type": "ClusterInit",
                "status": "False",
                "lastTransitionTime": "2025-03-04T05:06:08Z",
                "reason": "ClusterInitWaiting",
                "message": ""
              }
            ],
            "heartbeatFrequencySeconds": 180,
            "predictorEnabled": true,
            "predictorAddress": "http://localhost:8080",
            "predictorDirectAccess": true
          }
        }
        """;

    [Fact]
    public void FullyPopulatedObjectSurvivesARoundTrip()
    {
        var cluster = KubernetesJson.Deserialize<ManagedCluster>(FullyPopulated);

        JsonAssert.Equal(FullyPopulated, KubernetesJson.Serialize(cluster));
    }

    [Fact]
    public void FieldsWithGoSpellingsBindToTheirProperties()
    {
        var status = KubernetesJson.Deserialize<ManagedCluster>(FullyPopulated).Status!;

        Assert.Equal("v1.31.2", status.KubernetesVersion);
        Assert.Equal("https://10.20.0.4:6443", status.ApiServerUrl);
        Assert.Equal(12.5f, status.KubeQps);
        Assert.Equal("10.96.0.0/12", status.ServiceCidr);
        Assert.Equal(180L, status.HeartbeatFrequencySeconds);
    }

    [Theory]
    [InlineData("8", "\"8\"")]
    [InlineData("\"8\"", "\"8\"")]
    [InlineData("0.5", "\"500m\"")]
    [InlineData("\"1.5\"", "\"1500m\"")]
    [InlineData("\"1024Mi\"", "\"1Gi\"")]
    [InlineData("17179869184", "\"17179869184\"")]
    public void QuantitiesAreReadFromNumberOrStringAndWrittenAsCanonicalStrings(string written, string canonical)
    {
        var json = "{\"status\":{\"allocatable\":{\"cpu\":" + written + "},\"resourceUsage\":{\"cpuUsage\":" + written + "}}}";

        var output = JsonNode.Parse(KubernetesJson.Serialize(KubernetesJson.Deserialize<ManagedCluster>(json)))!;

        JsonAssert.Equal(canonical, output["status"]!["allocatable"]!["cpu"]!.ToJsonString());
        JsonAssert.Equal(canonical, output["status"]!["resourceUsage"]!["cpuUsage"]!.ToJsonString());
    }

    [Fact]
    public void TimesAreReadAndWrittenAsRfc3339InUtc()
    {
        var json = """{"status":{"lastObservedTime":"2024-01-02T03:04:05Z"}}""";

        var cluster = KubernetesJson.Deserialize<ManagedCluster>(json);
        var output = JsonNode.Parse(KubernetesJson.Serialize(cluster))!;

        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), cluster.Status!.LastObservedTime!.Value.ToUniversalTime());
        Assert.Equal("2024-01-02T03:04:05Z", output["status"]!["lastObservedTime"]!.GetValue<string>());
    }

    [Fact]
    public void SyncModeANewerServerInventsIsKept()
    {
        var json = """{"metadata":{"name":"c1"},"spec":{"clusterId":"3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10","syncMode":"Relay","clusterType":"MegaCluster"}}""";

        var cluster = KubernetesJson.Deserialize<ManagedCluster>(json);

        Assert.Equal("Relay", cluster.Spec.SyncMode);
        Assert.Equal("MegaCluster", cluster.Spec.ClusterType);
        JsonAssert.Equal(json, KubernetesJson.Serialize(cluster));
    }

    [Fact]
    public void ExplicitZerosAndFalsesAreWritten()
    {
        var cluster = new ManagedCluster
        {
            Status = new ManagedClusterStatus
            {
                AppPusher = false,
                UseSocket = false,
                PredictorEnabled = false,
                KubeQps = 0,
                KubeBurst = 0,
                HeartbeatFrequencySeconds = 0,
                NodeStatistics = new NodeStatistics { ReadyNodes = 0 },
            },
        };

        var status = JsonNode.Parse(KubernetesJson.Serialize(cluster))!["status"]!;

        JsonAssert.Equal(
            """
            {
              "healthz": false, "livez": false, "readyz": false, "predictorDirectAccess": false,
              "appPusher": false, "useSocket": false, "predictorEnabled": false,
              "kubeQPS": 0, "kubeBurst": 0, "heartbeatFrequencySeconds": 0,
              "nodeStatistics": { "readyNodes": 0 }
            }
            """,
            status.ToJsonString());
    }

    [Fact]
    public void UnsetOptionalFieldsAreOmitted()
    {
        var cluster = new ManagedCluster
        {
            Metadata = new V1ObjectMeta { Name = "c1" },
            Spec = new ManagedClusterSpec { ClusterId = "3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10", SyncMode = ClusterSyncMode.Pull },
        };

        JsonAssert.Equal(
            """{"metadata":{"name":"c1"},"spec":{"clusterId":"3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10","syncMode":"Pull"}}""",
            KubernetesJson.Serialize(cluster));
    }

    [Fact]
    public void ListReadsItsItems()
    {
        var json = $$"""{"apiVersion":"clusters.clusternet.io/v1beta1","kind":"ManagedClusterList","metadata":{"resourceVersion":"9","continue":"abc"},"items":[{{FullyPopulated}}]}""";

        var list = KubernetesJson.Deserialize<ManagedClusterList>(json);

        Assert.Equal("abc", list.Metadata.ContinueProperty);
        Assert.Equal("edge-lab-7", Assert.Single(list.Items).Metadata.Name);
        JsonAssert.Equal(json, KubernetesJson.Serialize(list));
    }
}
