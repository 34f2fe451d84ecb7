using System.Text.Json.Nodes;
using Clusternet.Apis.Multicluster.V1Alpha1;
using Clusternet.Client.Tests.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Apis.Multicluster;

public class ServiceImportJsonTests
{
    private const string FullyPopulated = """
        {
          "apiVersion": "multicluster.x-k8s.io/v1alpha1",
          "kind": "ServiceImport",
          "metadata": {
            "name": "orders",
            "namespace": "shop",
            "finalizers": [ "apps.clusternet.io/finalizer" ],
            "labels": {
              "services.clusternet.io/multi-cluster-service-name": "orders",
              "services.clusternet.io/multi-cluster-service-namespace": "shop"
            }
          },
          "spec": {
            "ips": [ "10.112.0.17" ],
            "type": "ClusterSetIP",
            "ports": [
              { "name": "http", "protocol": "TCP", "appProtocol": "http", "port": 80 },
              { "name": "metrics", "protocol": "UDP", "appProtocol": "example.com/statsd", "port": 0 }
            ],
            "sessionAffinity": "ClientIP",
            "sessionAffinityConfig": { "clientIP": { "timeoutSeconds": 600 } }
          },
          "status": {
            "clusters": [ { "cluster": "edge-lab-7" }, { "cluster": "core-1" } ]
          }
        }
        """;

    [Fact]
    public void FullyPopulatedObjectSurvivesARoundTrip()
    {
        var import = KubernetesJson.Deserialize<ServiceImport>(FullyPopulated);

        JsonAssert.Equal(FullyPopulated, KubernetesJson.Serialize(import));
    }

    [Fact]
    public void TypeANewerServerInventsIsKept()
    {
        var json = """{"metadata":{},"spec":{"type":"Anycast","ports":[]}}""";

        var import = KubernetesJson.Deserialize<ServiceImport>(json);

        Assert.Equal("Anycast", import.Spec.Type);
        JsonAssert.Equal(json, KubernetesJson.Serialize(import));
    }

    [Fact]
    public void RequiredPortsAndTypeAreWrittenEvenWhenEmpty()
    {
        var import = new ServiceImport { Metadata = new V1ObjectMeta { Name = "orders" } };

        var spec = JsonNode.Parse(KubernetesJson.Serialize(import))!["spec"]!;

        JsonAssert.Equal("""{"ports":[],"type":""}""", spec.ToJsonString());
    }

    [Fact]
    public void ListReadsItsItems()
    {
        var json = $$"""{"apiVersion":"multicluster.x-k8s.io/v1alpha1","kind":"ServiceImportList","metadata":{},"items":[{{FullyPopulated}}]}""";

        var list = KubernetesJson.Deserialize<ServiceImportList>(json);

        Assert.Equal(2, Assert.Single(list.Items).Status!.Clusters!.Count);
        JsonAssert.Equal(json, KubernetesJson.Serialize(list));
    }
}
