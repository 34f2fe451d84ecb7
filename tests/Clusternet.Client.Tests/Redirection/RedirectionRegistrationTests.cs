using Clusternet.Clients;
using Clusternet.Redirection;
using k8s;
using Microsoft.Extensions.DependencyInjection;

namespace Clusternet.Client.Tests.Redirection;

/// <summary>The <c>AddClusternetClient()</c> builder extensions.</summary>
public sealed class RedirectionRegistrationTests : IAsyncLifetime
{
    private const string Direct = "/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct";
    private RecordingApiServer server = null!;

    public async Task InitializeAsync() => server = await RecordingApiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private ServiceProvider Provider(Action<IHttpClientBuilder> redirect)
    {
        var services = new ServiceCollection();
        var builder = services.AddClusternetClient(o =>
        {
            o.Kubeconfig = WriteKubeconfig();
            o.Resilience.Enabled = false;
        });
        redirect(builder);
        return services.BuildServiceProvider();
    }

    private string WriteKubeconfig()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server.BaseUri}parent
            contexts:
            - name: test
              context:
                cluster: test
                user: test
            users:
            - name: test
              user:
                token: parent-token
            current-context: test
            """);
        return path;
    }

    [Fact]
    public async Task The_registered_client_talks_to_the_cluster_with_child_credentials()
    {
        await using var provider = Provider(b => b.AddClusterRedirection("c1", ChildCredentials.FromToken("child-token")));
        var kubernetes = provider.GetRequiredService<Kubernetes>();
        await kubernetes.CoreV1.ReadNamespaceAsync("default");
        Assert.Equal("/parent" + Direct + "/api/v1/namespaces/default", server.LastCall.Path);
        Assert.Equal("child-token", server.LastCall.Header("Impersonate-Extra-Clusternet-Token"));
    }

    [Fact]
    public async Task Typed_clusternet_clients_of_the_container_follow_the_redirection()
    {
        await using var provider = Provider(b => b.AddClusterRedirection("c1"));
        await provider.GetRequiredService<ClusternetClient>().ClustersV1Beta1.ManagedClusters("ns1").ListAsync();
        Assert.Equal("/parent" + Direct + "/apis/clusters.clusternet.io/v1beta1/namespaces/ns1/managedclusters", server.LastCall.Path);
    }

    [Fact]
    public async Task Websockets_of_the_registered_client_carry_the_child_credentials()
    {
        await using var provider = Provider(b => b.AddClusterRedirection("c1", ChildCredentials.FromToken("child-token")));
        using var socket = await provider.GetRequiredService<Kubernetes>().WebSocketNamespacedPodExecAsync("p1", "ns1", ["ls"]);
        Assert.Equal("/parent" + Direct + "/api/v1/namespaces/ns1/pods/p1/exec", server.LastCall.Path);
        Assert.Equal("child-token", server.LastCall.Header("Impersonate-Extra-Clusternet-Token"));
    }

    [Fact]
    public async Task The_registered_client_can_write_to_the_shadow_api()
    {
        await using var provider = Provider(b => b.AddShadowRedirection());
        await provider.GetRequiredService<Kubernetes>().CoreV1.ListNamespacedConfigMapAsync("demo");
        Assert.Equal("/parent/apis/shadow/v1alpha1/namespaces/demo/configmaps", server.LastCall.Path);
    }
}
