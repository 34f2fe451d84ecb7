using System.Text;
using System.Text.Json.Nodes;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Client.Tests.Support;
using Clusternet.Known;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Apis.Clusters;

public class ClusterRegistrationRequestJsonTests
{
    private const string Pem = "-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\n-----END CERTIFICATE-----\n";
    private const string Jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06c2VydmljZWFjY291bnQifQ.c2lnbmF0dXJl";

    private static readonly string FullyPopulated = $$"""
        {
          "apiVersion": "clusters.clusternet.io/v1beta1",
          "kind": "ClusterRegistrationRequest",
          "metadata": {
            "name": "clusternet-3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10",
            "labels": {
              "clusters.clusternet.io/registered-by": "clusternet-agent",
              "clusters.clusternet.io/cluster-id": "3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10",
              "clusters.clusternet.io/cluster-name": "edge-lab-7"
            }
          },
          "spec": {
            "clusterId": "3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10",
            "clusterType": "EdgeCluster",
            "clusterName": "edge-lab-7",
            "clusterNamespace": "lab-seven",
            "clusterLabels": { "lab.example.com/rack": "r12", "tier": "edge" },
            "syncMode": "Push"
          },
          "status": {
            "dedicatedNamespace": "lab-seven",
            "token": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes(Jwt))}}",
            "caCertificate": "{{Convert.ToBase64String(Encoding.UTF8.GetBytes(Pem))}}",
            "result": "Approved",
            "errorMessage": "none so far",
            "managedClusterName": "edge-lab-7"
          }
        }
        """;

    [Fact]
    public void FullyPopulatedObjectSurvivesARoundTrip()
    {
        var request = KubernetesJson.Deserialize<ClusterRegistrationRequest>(FullyPopulated);

        JsonAssert.Equal(FullyPopulated, KubernetesJson.Serialize(request));
    }

    [Fact]
    public void TokenAndCaCertificateAreBase64OnTheWire()
    {
        var request = KubernetesJson.Deserialize<ClusterRegistrationRequest>(FullyPopulated);

        Assert.Equal(Jwt, Encoding.UTF8.GetString(request.Status!.Token!));
        Assert.Equal(Pem, Encoding.UTF8.GetString(request.Status.CaCertificate!));
    }

    [Fact]
    public void BytesAreWrittenAsPaddedStandardBase64()
    {
        var request = new ClusterRegistrationRequest { Status = new ClusterRegistrationRequestStatus { Token = [0xfb, 0xff] } };

        var status = JsonNode.Parse(KubernetesJson.Serialize(request))!["status"]!;

        Assert.Equal("+/8=", status["token"]!.GetValue<string>());
    }

    [Fact]
    public void ResultOutsideTheKnownValuesIsKept()
    {
        var json = """{"metadata":{},"spec":{"clusterId":"3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10"},"status":{"result":"Illegal"}}""";

        var request = KubernetesJson.Deserialize<ClusterRegistrationRequest>(json);

        Assert.Equal("Illegal", request.Status!.Result);
        JsonAssert.Equal(json, KubernetesJson.Serialize(request));
    }

    [Fact]
    public void UnsetSyncModeIsOmittedSoTheServerDefaultsIt()
    {
        var request = new ClusterRegistrationRequest
        {
            Metadata = new V1ObjectMeta { Name = ClusternetNames.RegistrationRequestName("3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10") },
            Spec = new ClusterRegistrationRequestSpec { ClusterId = "3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10" },
        };

        JsonAssert.Equal(
            """{"metadata":{"name":"clusternet-3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10"},"spec":{"clusterId":"3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10"}}""",
            KubernetesJson.Serialize(request));
    }

    [Fact]
    public void YamlCarriesBytesAsBase64()
    {
        var yaml = $"""
            apiVersion: clusters.clusternet.io/v1beta1
            kind: ClusterRegistrationRequest
            metadata:
              name: clusternet-3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10
            spec:
              clusterId: 3f0c1a52-9d4e-4b7a-8c21-6e5f4a3b2c10
            status:
              token: {Convert.ToBase64String(Encoding.UTF8.GetBytes(Jwt))}
            """;

        var request = KubernetesYaml.Deserialize<ClusterRegistrationRequest>(yaml);

        Assert.Equal(Jwt, Encoding.UTF8.GetString(request.Status!.Token!));
        Assert.Contains("token: " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Jwt)), KubernetesYaml.Serialize(request));
    }
}
