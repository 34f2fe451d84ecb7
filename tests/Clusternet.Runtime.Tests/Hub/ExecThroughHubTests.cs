using System.Net.WebSockets;
using System.Text;
using Clusternet.Redirection;
using Clusternet.Runtime.Tests.Hub.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>
/// <c>pods/exec</c>, <c>pods/attach</c>, <c>pods/portforward</c> and <c>pods/log</c> in the child, through parent aggregator → hub → tunnel: the WebSocket
/// upgrade must pass every hop and the channel messages flow both ways afterwards.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class ExecThroughHubTests(HubFixture hub) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-exec-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task KubernetesClientExecsEchoInAChildPod()
    {
        var ns = await RunningPodAsync("echo");
        using var child = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = string.Empty;

        var code = await child.NamespacedPodExecAsync("echo", ns, "main", ["echo", "through", "the", "hub"], false, async (_, output, _) =>
            stdout = await new StreamReader(output).ReadToEndAsync(timeout.Token), timeout.Token);

        Assert.Equal((0, "through the hub\n"), (code, stdout));
    }

    [Fact]
    public async Task KubernetesClientStreamsStdinThroughTheHub()
    {
        var ns = await RunningPodAsync("cat");
        using var child = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await child.WebSocketNamespacedPodExecAsync("cat", ns, ["cat"], "main", stdin: true, tty: false,
            webSocketSubProtocol: WebSocketProtocol.V5BinaryWebsocketProtocol, cancellationToken: timeout.Token);

        Assert.Equal("over the tunnel\n", await SendStdinAndReadStdoutAsync(socket, "over the tunnel\n", timeout.Token));
    }

    [Fact]
    public async Task KubernetesClientForwardsAPortOfAChildPodThroughTheHub()
    {
        var ns = await RunningPodAsync("forward");
        using var child = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await child.WebSocketNamespacedPodPortForwardAsync("forward", ns, [8080], cancellationToken: timeout.Token);
        using var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
        using var stream = demuxer.GetStream((byte?)0, (byte?)0);
        demuxer.Start();
        await stream.WriteAsync("GET /through-the-hub HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"u8.ToArray(), timeout.Token);

        // The simulated container answers and, as asked, closes the connection, which ends the data channel.
        var response = await new StreamReader(stream).ReadToEndAsync(timeout.Token);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", response, StringComparison.Ordinal);
        Assert.EndsWith($"pod {ns}/forward, container main, port 8080: GET /through-the-hub\n", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesClientAttachesToAChildPodsShellThroughTheHub()
    {
        var ns = await RunningPodAsync("shell", container =>
        {
            container.Stdin = true;
            container.Command = ["sh"];
        });
        using var child = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var socket = await child.WebSocketNamespacedPodAttachAsync("shell", ns, "main", stderr: true, stdin: true, stdout: true, tty: false,
            webSocketSubProtocol: WebSocketProtocol.V5BinaryWebsocketProtocol, cancellationToken: timeout.Token);

        Assert.Equal("attached through the hub\n", await SendStdinAndReadStdoutAsync(socket, "echo attached through the hub\n", timeout.Token));
    }

    /// <summary>Writes <paramref name="stdin"/> to a remote-command WebSocket (v5), closes stdin, and reads stdout to its end.</summary>
    private static async Task<string> SendStdinAndReadStdoutAsync(WebSocket socket, string stdin, CancellationToken cancellationToken)
    {
        using var demuxer = new StreamDemuxer(socket, StreamType.RemoteCommand, supportsClose: true);
        using var stdout = demuxer.GetStream(ChannelIndex.StdOut, null);
        demuxer.Start();
        var input = Encoding.UTF8.GetBytes(stdin);
        await demuxer.Write(ChannelIndex.StdIn, input, 0, input.Length, cancellationToken);
        await demuxer.CloseChannel(ChannelIndex.StdIn, cancellationToken);
        return await new StreamReader(stdout).ReadToEndAsync(cancellationToken);
    }

    /// <summary>
    /// kubectl ≤ 1.30's port-forward: a plain SPDY/3.1 upgrade (not a WebSocket) through the parent's aggregator, the hub
    /// and the tunnel, then SPDY frames written by hand as moby/spdystream writes them.
    /// </summary>
    [Fact]
    public async Task APlainSpdyUpgradeForPortForwardCrossesEveryHop()
    {
        var ns = await RunningPodAsync("spdy");
        var configuration = hub.Parent.CreateAdminConfiguration();
        using var http = new HttpClient(hub.ParentTrustingHandler()) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri(hub.Parent.BaseAddress, $"apis/proxies.clusternet.io/v1alpha1/sockets/{hub.ClusterId}/proxy/direct/api/v1/namespaces/{ns}/pods/spdy/portforward"))
        {
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new("Bearer", configuration.AccessToken);
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "SPDY/3.1");
        request.Headers.TryAddWithoutValidation("X-Stream-Protocol-Version", "portforward.k8s.io");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.SwitchingProtocols, response.StatusCode);
        Assert.Equal("portforward.k8s.io", response.Headers.GetValues("X-Stream-Protocol-Version").Single());
        await using var connection = await response.Content.ReadAsStreamAsync();

        // Error stream 1 and data stream 3 for request 0, then an HTTP request on the data stream, half-closed.
        var headers = new SpdyHeaderWriter();
        await connection.WriteAsync(SpdyFrames.SynStream(1, headers.Block(("streamtype", "error"), ("port", "8080"), ("requestid", "0"))));
        await connection.WriteAsync(SpdyFrames.SynStream(3, headers.Block(("streamtype", "data"), ("port", "8080"), ("requestid", "0"))));
        await connection.WriteAsync(SpdyFrames.Data(3, "GET /plain-spdy HTTP/1.1\r\nHost: pod\r\nConnection: close\r\n\r\n"u8.ToArray(), fin: true));

        // Read until the data stream is finished: two SYN_REPLYs, the response, FINs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var body = new StringBuilder();
        var replies = 0;
        while (true)
        {
            var (control, streamOrType, flags, payload) = await SpdyFrames.ReadAsync(connection, timeout.Token);
            replies += control && streamOrType == 2 ? 1 : 0;
            if (!control && streamOrType == 3)
            {
                body.Append(Encoding.ASCII.GetString(payload));
                if ((flags & 1) != 0)
                {
                    break;
                }
            }
        }

        Assert.Equal(2, replies);
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", body.ToString(), StringComparison.Ordinal);
        Assert.EndsWith($"pod {ns}/spdy, container main, port 8080: GET /plain-spdy\n", body.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubernetesClientReadsAChildPodsLogThroughTheHub()
    {
        var ns = await RunningPodAsync("logged");
        using var child = ClusterRedirection.ForCluster(hub.ClusterId).CreateKubernetes(hub.Parent.CreateAdminConfiguration());

        await using var log = await child.CoreV1.ReadNamespacedPodLogAsync("logged", ns, container: "main");

        Assert.Equal("simulated container main started (image busybox:1.36)\n", await new StreamReader(log).ReadToEndAsync());
    }

    [HubKubectlFact]
    public async Task KubectlExecsThroughTheHub()
    {
        var ns = await RunningPodAsync("kubectl");
        var parentPath = Path.Combine(_directory, "parent.kubeconfig");
        var childPath = Path.Combine(_directory, "child.kubeconfig");
        await hub.Parent.WriteKubeconfigAsync(parentPath);
        await ChildKubeconfig.WriteAsync(parentPath, hub.ClusterId, childPath);

        var (code, output) = await HubKubectl.RunAsync("--kubeconfig", childPath, "exec", "-n", ns, "kubectl", "--", "hostname");
        Assert.True(code == 0, output);
        Assert.Equal("kubectl\n", output);

        (code, output) = await HubKubectl.RunWithInputAsync("piped\n", "--kubeconfig", childPath, "exec", "-i", "-n", ns, "kubectl", "--", "cat");
        Assert.True(code == 0, output);
        Assert.Equal("piped\n", output);
    }

    [HubKubectlFact]
    public async Task KubectlPortForwardsThroughTheHub()
    {
        var ns = await RunningPodAsync("kubectl-forward");
        var parentPath = Path.Combine(_directory, "parent.kubeconfig");
        var childPath = Path.Combine(_directory, "child.kubeconfig");
        await hub.Parent.WriteKubeconfigAsync(parentPath);
        await ChildKubeconfig.WriteAsync(parentPath, hub.ClusterId, childPath);

        // kubectl 1.31+ tunnels its SPDY connection in a WebSocket; it crosses the parent's aggregator, the hub and the tunnel.
        await using var forward = HubKubectl.Start("--kubeconfig", childPath, "port-forward", "-n", ns, "pod/kubectl-forward", ":8080");
        var line = await forward.ReadLineContainingAsync("Forwarding from 127.0.0.1:");
        var port = line[(line.IndexOf("127.0.0.1:", StringComparison.Ordinal) + "127.0.0.1:".Length)..line.IndexOf(" ->", StringComparison.Ordinal)];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        Assert.Equal($"pod {ns}/kubectl-forward, container main, port 8080: GET /kubectl\n", await http.GetStringAsync($"http://127.0.0.1:{port}/kubectl"));
    }

    /// <summary>A pod with one container <c>main</c> (port 8080, changed by <paramref name="configure"/>), created in a fresh child namespace and Running on the child's simulated node.</summary>
    private async Task<string> RunningPodAsync(string name, Action<V1Container>? configure = null)
    {
        var container = new V1Container { Name = "main", Image = "busybox:1.36", Ports = [new V1ContainerPort { ContainerPort = 8080 }] };
        configure?.Invoke(container);
        var ns = "exec-" + Guid.NewGuid().ToString("N")[..6];
        await hub.ChildAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await hub.ChildAdmin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { Containers = [container] },
        }, ns);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await hub.ChildAdmin.CoreV1.ReadNamespacedPodAsync(name, ns)).Status?.Phase != "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, "the child's pod did not start Running");
            await Task.Delay(50);
        }

        return ns;
    }
}
