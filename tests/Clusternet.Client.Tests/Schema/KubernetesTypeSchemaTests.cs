using Clusternet.CrdGen;
using Clusternet.Testing;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>
/// The schemas generated for KubernetesClient's types (reflection plus <see cref="KubernetesTypeMarkers"/>)
/// equal the ones upstream's controller-gen embedded for the same Go types in Clusternet's CRDs.
/// </summary>
public sealed class KubernetesTypeSchemaTests
{
    public static TheoryData<string, string, string> Uses => new()
    {
        { nameof(V1Toleration), "apps.clusternet.io_subscriptions.yaml", "spec.clusterTolerations.[]" },
        { nameof(V1LabelSelector), "apps.clusternet.io_subscriptions.yaml", "spec.subscribers.[].clusterAffinity" },
        { nameof(V1PreferredSchedulingTerm), "apps.clusternet.io_subscriptions.yaml", "spec.dividingScheduling.dynamicDividing.preferredClusters.[]" },
        { nameof(V1TopologySpreadConstraint), "apps.clusternet.io_subscriptions.yaml", "spec.dividingScheduling.dynamicDividing.topologySpreadConstraints.[]" },
        { nameof(V1Affinity), "apps.clusternet.io_feedinventories.yaml", "spec.feeds.[].replicaRequirements.affinity" },
        { nameof(V1ResourceRequirements), "apps.clusternet.io_feedinventories.yaml", "spec.feeds.[].replicaRequirements.resources" },
        { nameof(V1Taint), "clusters.clusternet.io_managedclusters.yaml", "spec.taints.[]" },
        { nameof(V1Condition), "clusters.clusternet.io_managedclusters.yaml", "status.conditions.[]" },
        { nameof(V1Condition), "multicluster.x-k8s.io_serviceexports.yaml", "status.conditions.[]" },
        { nameof(V1SessionAffinityConfig), "multicluster.x-k8s.io_serviceimports.yaml", "spec.sessionAffinityConfig" },
    };

    [UpstreamTheory]
    [MemberData(nameof(Uses))]
    public void GeneratedSchemaEqualsUpstreams(string typeName, string file, string path)
    {
        var type = typeof(V1ObjectMeta).Assembly.GetType("k8s.Models." + typeName, throwOnError: true)!;
        var upstream = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(File.ReadAllText(Path.Combine(RepositoryPaths.UpstreamCrds!, file)));
        var expected = KubernetesJson.Deserialize<V1JSONSchemaProps>(SchemaPath.Find(SchemaPath.Root(upstream), path).ToJsonString());

        var actual = new OpenApiSchemaBuilder(new DocumentationComments()).ForObject(type);

        var differences = new CrdStructuralComparer().CompareSchemas(expected, actual, typeName);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }
}
