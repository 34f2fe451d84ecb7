using System.Net.WebSockets;
using Clusternet.Redirection;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Redirection;

/// <summary>What KubernetesClient puts on the wire through each form of <see cref="ClusterRedirection"/>.</summary>
public sealed class ClusterRedirectionRequestTests : IAsyncLifetime
{
    private const string ClusterId = "dc91021d-2361-4f6d-a404-7c33b9e01118";
    private const string Direct = "/apis/proxies.clusternet.io/v1alpha1/sockets/" + ClusterId + "/proxy/direct";
    private RecordingApiServer server = null!;

    public async Task InitializeAsync() => server = await RecordingApiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    private KubernetesClientConfiguration Parent(string prefix = "") =>
        new() { Host = server.BaseUri.ToString().TrimEnd('/') + prefix, AccessToken = "parent-token" };

    [Fact]
    public async Task Typed_calls_of_the_configuration_form_go_to_the_proxy_path_with_the_query()
    {
        using var kubernetes = new Kubernetes(Parent().ForCluster(ClusterId));
        await kubernetes.CoreV1.ListNamespacedPodAsync("ns1", labelSelector: "app=web");
        Assert.Equal(Direct + "/api/v1/namespaces/ns1/pods", server.LastCall.Path);
        Assert.Equal("?labelSelector=app%3Dweb&watch=false", server.LastCall.Query);
    }

    [Fact]
    public async Task The_parent_path_prefix_stays_in_front_of_the_proxy_path()
    {
        using var kubernetes = new Kubernetes(Parent("/parent/k8s").ForCluster(ClusterId));
        await kubernetes.CoreV1.ReadNamespaceAsync("default");
        Assert.Equal("/parent/k8s" + Direct + "/api/v1/namespaces/default", server.LastCall.Path);
    }

    [Fact]
    public async Task The_configuration_form_sends_the_parent_identity_and_no_impersonation()
    {
        using var kubernetes = new Kubernetes(Parent().ForCluster(ClusterId));
        await kubernetes.CoreV1.ReadNamespaceAsync("default");
        Assert.Equal("Bearer parent-token", server.LastCall.Header("Authorization"));
        Assert.Null(server.LastCall.Header("Impersonate-User"));
        Assert.DoesNotContain(server.LastCall.Headers.Keys, k => k.StartsWith("Impersonate-Extra-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_configuration_form_changes_only_the_host_of_a_copy()
    {
        var parent = Parent();
        parent.Namespace = "team";
        parent.SkipTlsVerify = true;
        parent.TlsServerName = "api.internal";
        parent.HttpClientTimeout = TimeSpan.FromSeconds(7);
        parent.AddJsonOptions(options => options.WriteIndented = true);
        var child = parent.ForCluster(ClusterId);

        Assert.NotSame(parent, child);
        Assert.Equal(server.BaseUri.ToString().TrimEnd('/'), parent.Host);
        Assert.Equal(server.BaseUri.ToString().TrimEnd('/') + Direct, child.Host);
        foreach (var property in typeof(KubernetesClientConfiguration).GetProperties().Where(p => p.Name != nameof(KubernetesClientConfiguration.Host)))
        {
            Assert.Equal(property.GetValue(parent), property.GetValue(child));
        }
    }

    [Fact]
    public async Task Custom_object_calls_go_to_the_proxy_path()
    {
        using var kubernetes = new Kubernetes(Parent().ForCluster(ClusterId));
        await kubernetes.CustomObjects.ListNamespacedCustomObjectAsync<object>("apps.clusternet.io", "v1alpha1", "ns1", "subscriptions");
        Assert.Equal(Direct + "/apis/apps.clusternet.io/v1alpha1/namespaces/ns1/subscriptions", server.LastCall.Path);
    }

    [Fact]
    public async Task Generic_client_calls_go_to_the_proxy_path()
    {
        using var kubernetes = new Kubernetes(Parent().ForCluster(ClusterId));
        using var generic = new GenericClient(kubernetes, "apps", "v1", "deployments", disposeClient: false);
        await generic.ReadNamespacedAsync<V1Deployment>("ns1", "web");
        Assert.Equal(Direct + "/apis/apps/v1/namespaces/ns1/deployments/web", server.LastCall.Path);
    }

    [Fact]
    public async Task A_watch_keeps_its_query_and_streams_events()
    {
        using var kubernetes = new Kubernetes(Parent().ForCluster(ClusterId));
        await foreach (var (type, pod) in kubernetes.CoreV1.WatchListNamespacedPodAsync("ns1", resourceVersion: "7", allowWatchBookmarks: true))
        {
            Assert.Equal(WatchEventType.Added, type);
            Assert.Equal("p1", pod.Metadata.Name);
            break;
        }

        Assert.Equal(Direct + "/api/v1/namespaces/ns1/pods", server.LastCall.Path);
        Assert.Contains("watch=true", server.LastCall.Query, StringComparison.Ordinal);
        Assert.Contains("resourceVersion=7", server.LastCall.Query, StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", server.LastCall.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Created_clients_send_a_child_token_as_impersonation_extras()
    {
        using var kubernetes = ClusterRedirection.ForCluster(ClusterId, ChildCredentials.FromToken("child-token")).CreateKubernetes(Parent());
        await kubernetes.CoreV1.ReadNamespaceAsync("default");
        var call = server.LastCall;
        Assert.Equal(Direct + "/api/v1/namespaces/default", call.Path);
        Assert.Equal("Bearer parent-token", call.Header("Authorization"));
        Assert.Equal("clusternet", call.Header("Impersonate-User"));
        Assert.Equal("child-token", call.Header("Impersonate-Extra-Clusternet-Token"));
    }

    [Fact]
    public async Task Created_clients_without_credentials_send_no_impersonation()
    {
        using var kubernetes = ClusterRedirection.ForCluster(ClusterId).CreateKubernetes(Parent());
        await kubernetes.CoreV1.ReadNamespaceAsync("default");
        Assert.Null(server.LastCall.Header("Impersonate-User"));
    }

    [Fact]
    public async Task The_handler_form_rewrites_urls_of_a_parent_client_and_adds_the_headers()
    {
        var parent = Parent("/p");
        var redirection = ClusterRedirection.ForCluster(ClusterId, ChildCredentials.FromToken("child-token"));
        using var kubernetes = new Kubernetes(parent, redirection.CreateHandler(new Uri(parent.Host)));
        await kubernetes.AppsV1.ListNamespacedDeploymentAsync("ns1", fieldSelector: "metadata.name=web");
        var call = server.LastCall;
        Assert.Equal("/p" + Direct + "/apis/apps/v1/namespaces/ns1/deployments", call.Path);
        Assert.Equal("?fieldSelector=metadata.name%3Dweb&watch=false", call.Query);
        Assert.Equal("child-token", call.Header("Impersonate-Extra-Clusternet-Token"));
    }

    [Fact]
    public async Task The_handler_form_replaces_a_callers_own_impersonated_user()
    {
        var parent = Parent();
        var redirection = ClusterRedirection.ForCluster(ClusterId, ChildCredentials.FromToken("child-token"));
        using var kubernetes = new Kubernetes(parent, redirection.CreateHandler(new Uri(parent.Host)));
        await kubernetes.CoreV1.ReadNamespaceWithHttpMessagesAsync("default", customHeaders: new Dictionary<string, IReadOnlyList<string>> { ["Impersonate-User"] = ["alice"] });
        Assert.Equal("clusternet", server.LastCall.Header("Impersonate-User"));
    }

    [Fact]
    public async Task Exec_websockets_of_the_configuration_form_go_to_the_proxy_path()
    {
        using var kubernetes = new Kubernetes(Parent().ForCluster(ClusterId));
        using var socket = await kubernetes.WebSocketNamespacedPodExecAsync("p1", "ns1", ["sh", "-c", "true"], "main");
        var call = server.LastCall;
        Assert.True(call.WebSocket);
        Assert.Equal(Direct + "/api/v1/namespaces/ns1/pods/p1/exec", call.Path);
        Assert.Contains("command=sh&command=-c&command=true&container=main", call.Query, StringComparison.Ordinal);
        Assert.Equal("Bearer parent-token", call.Header("Authorization"));
        Assert.Null(call.Header("Impersonate-User"));
    }

    [Fact]
    public async Task Exec_websockets_of_created_clients_carry_the_child_credentials()
    {
        using var kubernetes = ClusterRedirection.ForCluster(ClusterId, ChildCredentials.FromToken("child-token")).CreateKubernetes(Parent("/p"));
        using var socket = await kubernetes.WebSocketNamespacedPodExecAsync("p1", "ns1", ["ls"]);
        var call = server.LastCall;
        Assert.True(call.WebSocket);
        Assert.Equal("/p" + Direct + "/api/v1/namespaces/ns1/pods/p1/exec", call.Path);
        Assert.Equal("clusternet", call.Header("Impersonate-User"));
        Assert.Equal("child-token", call.Header("Impersonate-Extra-Clusternet-Token"));
        Assert.Equal("Bearer parent-token", call.Header("Authorization"));
    }

    [Fact]
    public async Task Port_forward_websockets_of_a_parent_client_are_redirected_once_applied()
    {
        var parent = Parent("/p");
        var redirection = ClusterRedirection.ForCluster(ClusterId, ChildCredentials.FromToken("child-token"));
        using var kubernetes = new Kubernetes(parent, redirection.CreateHandler(new Uri(parent.Host)));
        redirection.ApplyToWebSockets(kubernetes);
        using var socket = await kubernetes.WebSocketNamespacedPodPortForwardAsync("p1", "ns1", [8080], "v4.channel.k8s.io");
        var call = server.LastCall;
        Assert.Equal("/p" + Direct + "/api/v1/namespaces/ns1/pods/p1/portforward", call.Path);
        Assert.Equal("?ports=8080", call.Query);
        Assert.Equal("child-token", call.Header("Impersonate-Extra-Clusternet-Token"));
        Assert.Equal(WebSocketState.CloseReceived, await WaitForCloseAsync(socket));
    }

    private static async Task<WebSocketState> WaitForCloseAsync(WebSocket socket)
    {
        var buffer = new byte[16];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        return socket.State;
    }
}
