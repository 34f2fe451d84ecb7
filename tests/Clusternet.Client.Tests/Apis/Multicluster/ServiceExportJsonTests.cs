using Clusternet.Apis.Multicluster.V1Alpha1;
using Clusternet.Client.Tests.Support;
using k8s;

namespace Clusternet.Client.Tests.Apis.Multicluster;

public class ServiceExportJsonTests
{
    private const string FullyPopulated = """
        {
          "apiVersion": "multicluster.x-k8s.io/v1alpha1",
          "kind": "ServiceExport",
          "metadata": {
            "name": "orders",
            "namespace": "shop",
            "labels": { "apps.clusternet.io/subs.namespace": "shop-subs" }
          },
          "status": {
            "conditions": [
              {
                "type": "Valid",
                "status": "True",
                "observedGeneration": 0,
                "lastTransitionTime": "2025-05-06T07:08:09Z",
                "reason": "ServiceFound",
                "message": "exported"
              },
              {
                "type": "Conflict",
                "status": "Unknown",
                "lastTransitionTime": "2025-05-06T07:08:10Z",
                "reason": "Pending",
                "message": ""
              }
            ]
          }
        }
        """;

    [Fact]
    public void FullyPopulatedObjectSurvivesARoundTrip()
    {
        var export = KubernetesJson.Deserialize<ServiceExport>(FullyPopulated);

        JsonAssert.Equal(FullyPopulated, KubernetesJson.Serialize(export));
    }

    [Fact]
    public void ConditionsBindWithTheirTimes()
    {
        var export = KubernetesJson.Deserialize<ServiceExport>(FullyPopulated);

        var valid = export.Status!.Conditions![0];
        Assert.Equal(new DateTime(2025, 5, 6, 7, 8, 9, DateTimeKind.Utc), valid.LastTransitionTime.ToUniversalTime());
        Assert.Equal(0L, valid.ObservedGeneration);
    }

    [Fact]
    public void ListReadsItsItems()
    {
        var json = $$"""{"apiVersion":"multicluster.x-k8s.io/v1alpha1","kind":"ServiceExportList","metadata":{"resourceVersion":"12"},"items":[{{FullyPopulated}}]}""";

        var list = KubernetesJson.Deserialize<ServiceExportList>(json);

        Assert.Equal("orders", Assert.Single(list.Items).Metadata.Name);
        JsonAssert.Equal(json, KubernetesJson.Serialize(list));
    }
}
