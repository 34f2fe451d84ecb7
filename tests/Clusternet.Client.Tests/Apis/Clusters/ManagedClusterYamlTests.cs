using Clusternet.Apis.Clusters.V1Beta1;
using k8s;

namespace Clusternet.Client.Tests.Apis.Clusters;

public class ManagedClusterYamlTests
{
    private const string Yaml = """
        apiVersion: clusters.clusternet.io/v1beta1
        kind: ManagedCluster
        metadata:
          name: edge-lab-7
          namespace: clusternet-q2x7k
          labels:
            clusters.clusternet.io/cluster-id: 3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10
        spec:
          clusterId: 3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10
          clusterType: EdgeCluster
          syncMode: Pull
          taints:
          - key: clusters.clusternet.io/unschedulable
            value: ClusterStatusUnknown
            effect: NoSchedule
        status:
          lastObservedTime: "2025-03-04T06:00:00Z"
          k8sVersion: v1.31.2
          healthz: false
          livez: true
          readyz: true
          kubeQPS: 7.5
          kubeBurst: 0
          allocatable:
            cpu: 4
            memory: 8Gi
          nodeStatistics:
            readyNodes: 2
          conditions:
          - type: Ready
            status: "True"
            lastTransitionTime: "2025-03-04T05:59:00Z"
            reason: ManagedClusterReady
            message: managed cluster is ready.
          heartbeatFrequencySeconds: 180
          predictorDirectAccess: true
        """;

    [Fact]
    public void YamlManifestLoadsIntoTheModel()
    {
        var cluster = KubernetesYaml.Deserialize<ManagedCluster>(Yaml);

        Assert.Equal("clusternet-q2x7k", cluster.Metadata.NamespaceProperty);
        Assert.Equal("3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10", cluster.Spec.ClusterId);
        Assert.Equal(ClusterType.EdgeCluster, cluster.Spec.ClusterType);
        Assert.Equal(ClusterSyncMode.Pull, cluster.Spec.SyncMode);
        var taint = Assert.Single(cluster.Spec.Taints!);
        Assert.Equal(("clusters.clusternet.io/unschedulable", "ClusterStatusUnknown", "NoSchedule"), (taint.Key, taint.Value, taint.Effect));

        var status = cluster.Status!;
        Assert.Equal(new DateTime(2025, 3, 4, 6, 0, 0, DateTimeKind.Utc), status.LastObservedTime!.Value.ToUniversalTime());
        Assert.Equal("v1.31.2", status.KubernetesVersion);
        Assert.False(status.Healthz);
        Assert.True(status.Livez);
        Assert.True(status.Readyz);
        Assert.Equal(7.5f, status.KubeQps);
        Assert.Equal(0, status.KubeBurst);
        Assert.Equal("4", status.Allocatable!["cpu"].ToString());
        Assert.Equal("8Gi", status.Allocatable["memory"].ToString());
        Assert.Equal(2, status.NodeStatistics!.ReadyNodes);
        Assert.Null(status.NodeStatistics.LostNodes);
        var ready = Assert.Single(status.Conditions!);
        Assert.Equal((ClusterConditionType.Ready, "True", "ManagedClusterReady"), (ready.Type, ready.Status, ready.Reason));
        Assert.Equal(180L, status.HeartbeatFrequencySeconds);
        Assert.True(status.PredictorDirectAccess);
        Assert.Null(status.PodStatistics);
    }
}
