using System.Net;
using System.Net.WebSockets;
using System.Text;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>
/// <c>pods/attach</c>: a container started with <c>stdin: true</c> runs its command in the simulated shell for the attach;
/// any other one prints nothing and holds the attach until the client leaves.
/// </summary>
public class AttachTests(ExecFixture fixture) : IClassFixture<ExecFixture>
{
    [Fact]
    public async Task AttachingToAContainerWithStdinRunsItsShellOnTheClientsInput()
    {
        var ns = await fixture.NewNamespaceAsync();
        await RunningPodAsync(ns, "shell", stdin: true, command: ["sh"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await fixture.Client.WebSocketNamespacedPodAttachAsync("shell", ns, "main", stderr: true, stdin: true, stdout: true, tty: false,
            webSocketSubProtocol: WebSocketProtocol.V5BinaryWebsocketProtocol, cancellationToken: timeout.Token);
        using var demuxer = new StreamDemuxer(socket, StreamType.RemoteCommand, supportsClose: true);
        using var stdout = demuxer.GetStream(ChannelIndex.StdOut, null);
        using var error = demuxer.GetStream(ChannelIndex.Error, null);
        demuxer.Start();
        var input = Encoding.UTF8.GetBytes("echo attached\nhostname\nexit 4\n");
        await demuxer.Write(ChannelIndex.StdIn, input, 0, input.Length, timeout.Token);
        await demuxer.CloseChannel(ChannelIndex.StdIn, timeout.Token);

        Assert.Equal("attached\nshell\n", await new StreamReader(stdout).ReadToEndAsync(timeout.Token));
        var status = KubernetesJson.Deserialize<V1Status>(await new StreamReader(error).ReadToEndAsync(timeout.Token));
        Assert.Equal(("Failure", "NonZeroExitCode", "4"), (status.Status, status.Reason, status.Details.Causes.Single().Message));
    }

    [Fact]
    public async Task AttachingToAContainerWithoutStdinHoldsUntilTheClientLeaves()
    {
        var ns = await fixture.NewNamespaceAsync();
        await RunningPodAsync(ns, "quiet", stdin: false, command: null);

        using var socket = await fixture.Client.WebSocketNamespacedPodAttachAsync("quiet", ns, "main", stderr: true, stdin: false, stdout: true, tty: false);
        var buffer = new byte[64];
        var ready = await socket.ReceiveAsync(buffer, CancellationToken.None);
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => socket.ReceiveAsync(buffer, quiet.Token));

        // The only message was kubelet's "streams ready" (an empty message on stdout); nothing else came, and the
        // connection was still open until the client aborted it.
        Assert.Equal((WebSocketMessageType.Binary, 1, (byte)1), (ready.MessageType, ready.Count, buffer[0]));
    }

    [Fact]
    public async Task AttachNeedsCreateOnPodsAttachAndARunningPod()
    {
        var ns = await fixture.NewNamespaceAsync();
        await RunningPodAsync(ns, "guarded", stdin: true, command: ["sh"]);
        using var http = new HttpClient(fixture.Plane.CreateTrustingHandler()) { BaseAddress = fixture.Plane.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ExecFixture.ReaderToken);

        using var response = await http.PostAsync($"api/v1/namespaces/{ns}/pods/guarded/attach?stdout=true", null);
        var body = KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"pods \"guarded\" is forbidden: User \"reader\" cannot create resource \"pods/attach\" in API group \"\" in the namespace \"{ns}\"", body.Message);

        using var admin = await fixture.Http.PostAsync($"api/v1/namespaces/{ns}/pods/ghost/attach?stdout=true", null);
        Assert.Equal(HttpStatusCode.NotFound, admin.StatusCode);
    }

    private async Task RunningPodAsync(string ns, string name, bool stdin, IList<string>? command)
    {
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36", Stdin = stdin, Command = command }] },
        }, ns);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.CoreV1.ReadNamespacedPodAsync(name, ns), p => p.Status?.Phase == "Running", "a running pod");
    }
}
