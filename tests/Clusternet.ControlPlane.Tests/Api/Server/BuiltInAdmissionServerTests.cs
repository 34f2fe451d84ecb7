using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>The built-in admission chain runs on every write a default control plane takes over HTTP.</summary>
public sealed class BuiltInAdmissionServerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task SecretStringDataIsStoredAsData()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "s1" }, StringData = new Dictionary<string, string> { ["user"] = "admin" } }, ns);
        Assert.Null(created.StringData);
        Assert.Equal("admin", System.Text.Encoding.UTF8.GetString(created.Data["user"]));
        Assert.Equal("Opaque", created.Type);
    }

    [Fact]
    public async Task ServiceGetsAClusterIP()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 80 }] } }, ns);
        Assert.Matches(@"^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$", created.Spec.ClusterIP);
        Assert.Equal("ClusterIP", created.Spec.Type);
    }

    [Fact]
    public async Task NamespaceGetsFinalizerPhaseAndNameLabel()
    {
        var created = await server.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "admitted-ns" } });
        Assert.Equal(["kubernetes"], created.Spec.Finalizers);
        Assert.Equal("Active", created.Status.Phase);
        Assert.Equal("admitted-ns", created.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public async Task DeploymentWithMismatchingSelectorIsInvalid()
    {
        var ns = await server.NewNamespaceAsync();
        var (code, body) = await server.SendAsync(
            HttpMethod.Post,
            $"/apis/apps/v1/namespaces/{ns}/deployments",
            """{"metadata":{"name":"d1"},"spec":{"selector":{"matchLabels":{"app":"a"}},"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        Assert.Equal(422, code);
        Assert.Equal("Invalid", (string?)body["reason"]);
        Assert.Equal(
            "Deployment.apps \"d1\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`",
            (string?)body["message"]);
    }

    [Fact]
    public async Task SecretInMissingNamespaceIsNotFound()
    {
        var (code, body) = await server.SendAsync(HttpMethod.Post, "/api/v1/namespaces/absent/secrets", """{"metadata":{"name":"s"}}""");
        Assert.Equal(404, code);
        Assert.Equal("namespaces \"absent\" not found", (string?)body["message"]);
    }

    [Fact]
    public async Task GenerateNameIsResolvedBeforeAdmissionValidatesTheName()
    {
        var ns = await server.NewNamespaceAsync();
        var created = await server.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { GenerateName = "gen-" } }, ns);
        Assert.Matches("^gen-[a-z0-9]{5}$", created.Metadata.Name);
    }
}
