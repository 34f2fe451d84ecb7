using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using k8s;
using k8s.Models;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.Runtime.Tests.ControllerManager;

/// <summary>Clusters the parent registers itself: cluster-api clusters through their kubeconfig Secrets, and the parent.</summary>
public sealed class DiscoveryTests
{
    private const string ClusterApiCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: clusters.cluster.x-k8s.io}
        spec:
          group: cluster.x-k8s.io
          scope: Namespaced
          names: {plural: clusters, singular: cluster, kind: Cluster, listKind: ClusterList}
          versions:
          - name: v1beta1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
        """;

    [Fact]
    public async Task AProvisionedClusterApiClusterIsRegisteredWithItsStatus()
    {
        await using var parent = await ParentCluster.StartAsync(o =>
        {
            o.ClusterApiDiscovery = true;
            o.ParentSideStatusPeriod = TimeSpan.FromSeconds(1);
        });
        await using var child = await Plane.StartAsync(new ControlPlaneOptions
        {
            Simulation = new SimulationOptions { Nodes = [.. SimulatedNode.Pool(2, new SimulatedNode("worker") { Cpu = "4", Memory = "16Gi" })] },
        });
        await parent.Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(KubernetesYaml.Deserialize<V1CustomResourceDefinition>(ClusterApiCrd));
        await parent.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = "fleet" } });
        var kubeconfigPath = Path.Combine(Path.GetTempPath(), $"capi-{Guid.NewGuid():N}.kubeconfig");
        await child.WriteKubeconfigAsync(kubeconfigPath);
        await parent.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new() { Name = "store-7-kubeconfig" },
            Data = new Dictionary<string, byte[]> { ["value"] = await File.ReadAllBytesAsync(kubeconfigPath) },
        }, "fleet");
        File.Delete(kubeconfigPath);
        await parent.Admin.CustomObjects.CreateNamespacedCustomObjectAsync(
            new Dictionary<string, object> { ["apiVersion"] = "cluster.x-k8s.io/v1beta1", ["kind"] = "Cluster", ["metadata"] = new Dictionary<string, object> { ["name"] = "store-7" }, ["status"] = new Dictionary<string, object> { ["phase"] = "Provisioned" } },
            "cluster.x-k8s.io", "v1beta1", "fleet", "clusters");

        var cluster = await Eventually.ValueAsync(async () =>
            (await parent.Clusternet.ClustersV1Beta1.ManagedClusters().ListAsync()).Items.FirstOrDefault(c => c.Metadata.Name == "store-7" && c.Status?.NodeStatistics?.ReadyNodes == 2));

        using var childAdmin = new Kubernetes(child.CreateAdminConfiguration());
        var agentLease = await childAdmin.CoordinationV1.ReadNamespacedLeaseAsync(ClusternetNames.AgentLease, ClusternetNamespaces.System);
        Assert.Equal(agentLease.Metadata.Uid, cluster.Spec.ClusterId);
        Assert.Equal(ClusterSyncMode.Push, cluster.Spec.SyncMode);
        Assert.Equal("store-7", cluster.Metadata.Labels["cluster.x-k8s.io/cluster-name"]);
        Assert.Equal("True", cluster.Status!.Conditions!.Single(c => c.Type == ClusterConditionType.Ready).Status);
        Assert.Equal(8m, cluster.Status.Capacity!["cpu"].ToDecimal());
        Assert.Equal(32m * 1024 * 1024 * 1024, cluster.Status.Allocatable!["memory"].ToDecimal());
        Assert.True(cluster.Status.Readyz);
        var deployer = await parent.Admin.CoreV1.ReadNamespacedSecretAsync(ClusternetNames.ChildClusterSecret, cluster.Metadata.NamespaceProperty);
        using var asDeployer = new Kubernetes(child.CreateConfiguration(System.Text.Encoding.UTF8.GetString(deployer.Data[ClusternetSecretKeys.Token])));
        Assert.Equal(2, (await asDeployer.CoreV1.ListNodeAsync()).Items.Count);
    }

    [Fact]
    public async Task TheParentRegistersItselfAsAChild()
    {
        await using var parent = await ParentCluster.StartAsync(o =>
        {
            o.SelfRegistration = true;
            o.ParentSideStatusPeriod = TimeSpan.FromSeconds(1);
        });

        var cluster = await Eventually.ValueAsync(async () =>
            (await parent.Clusternet.ClustersV1Beta1.ManagedClusters().ListAsync()).Items.FirstOrDefault(c => c.Metadata.Name == "parent" && c.Status?.LastObservedTime is not null));

        Assert.Equal("True", cluster.Status!.Conditions!.Single(c => c.Type == ClusterConditionType.Ready).Status);
        Assert.Equal((await parent.Admin.Version.GetCodeAsync()).GitVersion, cluster.Status.KubernetesVersion);
        var lease = await parent.Admin.CoordinationV1.ReadNamespacedLeaseAsync(ClusternetNames.AgentLease, ClusternetNamespaces.System);
        Assert.Equal(lease.Metadata.Uid, cluster.Spec.ClusterId);
    }
}
