using System.Net;
using System.Net.WebSockets;
using System.Text;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

public class ExecTests(ExecFixture fixture) : IClassFixture<ExecFixture>
{
    [Fact]
    public async Task EchoPrintsItsArgumentsAndSucceeds()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "web");

        var (code, stdout, stderr) = await ExecAsync(fixture.Client, ns, "web", ["echo", "hello", "world"]);

        Assert.Equal((0, "hello world\n", ""), (code, stdout, stderr));
    }

    [Fact]
    public async Task CatCopiesStdinUntilTheClientClosesIt()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "cat");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await fixture.Client.WebSocketNamespacedPodExecAsync(
            "cat", ns, ["cat"], "main", stderr: true, stdin: true, stdout: true, tty: false,
            webSocketSubProtocol: WebSocketProtocol.V5BinaryWebsocketProtocol, cancellationToken: timeout.Token);
        using var demuxer = new StreamDemuxer(socket, StreamType.RemoteCommand, supportsClose: true);
        using var stdout = demuxer.GetStream(ChannelIndex.StdOut, null);
        using var error = demuxer.GetStream(ChannelIndex.Error, null);
        demuxer.Start();
        var payload = Encoding.UTF8.GetBytes("line one\nline two\n");
        await demuxer.Write(ChannelIndex.StdIn, payload, 0, payload.Length, timeout.Token);
        await demuxer.CloseChannel(ChannelIndex.StdIn, timeout.Token);

        var output = await new StreamReader(stdout).ReadToEndAsync(timeout.Token);
        var status = KubernetesJson.Deserialize<V1Status>(await new StreamReader(error).ReadToEndAsync(timeout.Token));

        Assert.Equal("v5.channel.k8s.io", socket.SubProtocol);
        Assert.Equal("line one\nline two\n", output);
        Assert.Equal("Success", status.Status);
    }

    [Fact]
    public async Task NonZeroExitCodeReachesTheClient()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "fails");

        var (code, _, _) = await ExecAsync(fixture.Client, ns, "fails", ["sh", "-c", "exit 3"]);

        Assert.Equal(3, code);
    }

    [Fact]
    public async Task NonZeroExitStatusCarriesTheExitCodeCause()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "false");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await fixture.Client.WebSocketNamespacedPodExecAsync("false", ns, ["false"], "main", stdin: false, tty: false, cancellationToken: timeout.Token);
        using var demuxer = new StreamDemuxer(socket);
        using var error = demuxer.GetStream(ChannelIndex.Error, null);
        demuxer.Start();
        var status = KubernetesJson.Deserialize<V1Status>(await new StreamReader(error).ReadToEndAsync(timeout.Token));

        Assert.Equal("v4.channel.k8s.io", socket.SubProtocol);
        Assert.Equal(("Failure", "NonZeroExitCode"), (status.Status, status.Reason));
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("ExitCode", "1"), (cause.Reason, cause.Message));
    }

    [Fact]
    public async Task UnknownCommandIsNotFoundWithExitCode127()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "nope");

        var (code, stdout, stderr) = await ExecAsync(fixture.Client, ns, "nope", ["sh", "-c", "curl http://example.com"]);

        Assert.Equal((127, "", "curl: command not found\n"), (code, stdout, stderr));
    }

    [Fact]
    public async Task EnvListsTheContainerEnvironmentAndTheHostname()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "envy");

        var (code, stdout, _) = await ExecAsync(fixture.Client, ns, "envy", ["env"]);

        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("HOSTNAME=envy", lines);
        Assert.Contains("GREETING=hello", lines);
    }

    [Fact]
    public async Task UserAllowedToCreatePodsExecRunsCommands()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "allowed");
        using var runner = fixture.ClientFor(ExecFixture.RunnerToken);

        var (code, stdout, _) = await ExecAsync(runner, ns, "allowed", ["hostname"]);

        Assert.Equal((0, "allowed\n"), (code, stdout));
    }

    [Fact]
    public async Task UserAllowedOnlyToGetPodsExecIsForbidden()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "guarded");
        using var reader = fixture.ClientFor(ExecFixture.ReaderToken);

        var e = await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(reader, ns, "guarded", ["echo", "hi"]));
        Assert.Contains("403", e.Message, StringComparison.Ordinal);

        using var http = new HttpClient(fixture.Plane.CreateTrustingHandler()) { BaseAddress = fixture.Plane.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", ExecFixture.ReaderToken);
        var (status, body) = await SendAsync(Request(ns, "guarded", "command=echo&stdout=true"), http);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"pods \"guarded\" is forbidden: User \"reader\" cannot create resource \"pods/exec\" in API group \"\" in the namespace \"{ns}\"", body.Message);
    }

    [Fact]
    public async Task MissingPodIsNotFound()
    {
        var ns = await fixture.NewNamespaceAsync();

        var e = await Assert.ThrowsAnyAsync<Exception>(() => ExecAsync(fixture.Client, ns, "ghost", ["echo", "hi"]));
        Assert.Contains("404", e.Message, StringComparison.Ordinal);

        var (status, body) = await SendAsync(Request(ns, "ghost", "command=echo&stdout=true"));
        Assert.Equal((HttpStatusCode.NotFound, "NotFound", "pods \"ghost\" not found"), (status, body.Reason, body.Message));
    }

    [Fact]
    public async Task RequestWithoutAnUpgradeIsABadRequest()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "plain");

        var (status, body) = await SendAsync(Request(ns, "plain", "command=echo&stdout=true"));

        Assert.Equal((HttpStatusCode.BadRequest, "BadRequest", "Upgrade request required"), (status, body.Reason, body.Message));
    }

    [Fact]
    public async Task ASpdyClientOfAnotherRemoteCommandVersionIsRefused()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "spdy");
        using var request = Request(ns, "spdy", "command=echo&stdout=true", HttpMethod.Post);
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "SPDY/3.1");
        request.Headers.TryAddWithoutValidation("X-Stream-Protocol-Version", "v2.channel.k8s.io");

        var (status, body) = await SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("unable to upgrade: unable to negotiate protocol: client supports v2.channel.k8s.io, server supports v4.channel.k8s.io", body.Message);
    }

    [Fact]
    public async Task UnscheduledPodIsABadRequest()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(ExecFixture.Pod("pending", new Dictionary<string, string> { ["disk"] = "tape" }), ns);

        var (status, body) = await SendAsync(Request(ns, "pending", "command=echo&stdout=true"));

        Assert.Equal((HttpStatusCode.BadRequest, "pod pending does not have a host assigned"), (status, body.Message));
    }

    [Fact]
    public async Task UnknownContainerIsABadRequest()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "one");

        var (status, body) = await SendAsync(Request(ns, "one", "command=echo&stdout=true&container=sidecar"));

        Assert.Equal((HttpStatusCode.BadRequest, "container sidecar is not valid for pod one"), (status, body.Message));
    }

    [Fact]
    public async Task Base64ProtocolCarriesChannelsAsText()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "b64");
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("v4.base64.channel.k8s.io");
        socket.Options.SetRequestHeader("Authorization", "Bearer " + fixture.Plane.AdminToken);
        using var invoker = new HttpMessageInvoker(fixture.Plane.CreateAdminHandler());
        var uri = new UriBuilder(fixture.Plane.BaseAddress) { Scheme = "wss", Path = $"/api/v1/namespaces/{ns}/pods/b64/exec", Query = "command=echo&command=hi&stdout=true" }.Uri;

        await socket.ConnectAsync(uri, invoker, CancellationToken.None);
        var messages = new List<string>();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            messages.Add(Encoding.ASCII.GetString(buffer, 0, result.Count));
        }

        Assert.Equal("1", messages[0]); // the empty "streams ready" message on stdout
        Assert.Equal("1" + Convert.ToBase64String("hi\n"u8.ToArray()), messages[1]);
        Assert.StartsWith("3", messages[2], StringComparison.Ordinal);
        Assert.Contains("\"Success\"", Encoding.UTF8.GetString(Convert.FromBase64String(messages[2][1..])), StringComparison.Ordinal);
    }

    /// <summary>Runs a command with KubernetesClient's own exec call (v4, no stdin) and collects both outputs.</summary>
    internal static async Task<(int Code, string Stdout, string Stderr)> ExecAsync(IKubernetes client, string ns, string pod, string[] command)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string stdout = string.Empty;
        string stderr = string.Empty;
        var code = await client.NamespacedPodExecAsync(pod, ns, "main", command, false, async (_, output, error) =>
        {
            var o = new StreamReader(output).ReadToEndAsync(timeout.Token);
            var e = new StreamReader(error).ReadToEndAsync(timeout.Token);
            (stdout, stderr) = (await o, await e);
        }, timeout.Token);
        return (code, stdout, stderr);
    }

    private HttpRequestMessage Request(string ns, string pod, string query, HttpMethod? method = null) =>
        new(method ?? HttpMethod.Get, $"api/v1/namespaces/{ns}/pods/{pod}/exec?{query}");

    private async Task<(HttpStatusCode Status, V1Status Body)> SendAsync(HttpRequestMessage request, HttpClient? http = null)
    {
        using (request)
        {
            using var response = await (http ?? fixture.Http).SendAsync(request);
            return (response.StatusCode, KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync()));
        }
    }
}
