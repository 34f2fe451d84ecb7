using System.Net;
using System.Net.WebSockets;
using System.Text;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>
/// <c>pods/portforward</c> over WebSocket as KubernetesClient speaks it: the port prefix on each channel, HTTP through a
/// declared container port, the kubelet's refusal of an undeclared one, and the Status errors before the upgrade.
/// </summary>
public class PortForwardTests(ExecFixture fixture) : IClassFixture<ExecFixture>
{
    [Fact]
    public async Task HttpRequestsThroughAForwardedPortReachTheContainerThatDeclaresIt()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "web");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var socket = await fixture.Client.WebSocketNamespacedPodPortForwardAsync("web", ns, [8080], cancellationToken: timeout.Token);
        using var demuxer = new StreamDemuxer(socket, StreamType.PortForward);
        using var stream = demuxer.GetStream((byte?)0, (byte?)0);
        demuxer.Start();

        // Two requests on one connection (keep-alive), then one that closes it.
        var first = await RoundTripAsync(stream, "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n", timeout.Token);
        var second = await RoundTripAsync(stream, "POST /items HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\n\r\nabcde", timeout.Token);

        Assert.StartsWith("HTTP/1.1 200 OK\r\n", first, StringComparison.Ordinal);
        Assert.EndsWith($"\r\n\r\npod {ns}/web, container main, port 8080: GET /hello\n", first, StringComparison.Ordinal);
        Assert.EndsWith($"pod {ns}/web, container main, port 8080: POST /items\n", second, StringComparison.Ordinal);
        // KubernetesClient offers no sub-protocol; the kubelet's framing without one is the binary one.
        Assert.Null(socket.SubProtocol);
    }

    [Fact]
    public async Task EachChannelStartsWithItsPortAndAnUndeclaredPortIsRefusedOnItsErrorChannel()
    {
        var ns = await fixture.NewNamespaceAsync();
        var pod = await fixture.RunningPodAsync(ns, "closed");
        using var socket = await ConnectAsync(ns, "closed", "ports=8080,9090", "v4.channel.k8s.io");

        // Port 8080's connection stays open until the client closes it; 9090's ends with its error.
        var messages = await ReceiveUntilAsync(socket, m => m[0] == 3 && m.Length > 3);

        // 8080 on channels 0/1, 9090 on 2/3, each announced as two little-endian bytes.
        Assert.Contains(messages, m => m.SequenceEqual(new byte[] { 0, 0x90, 0x1F }));
        Assert.Contains(messages, m => m.SequenceEqual(new byte[] { 1, 0x90, 0x1F }));
        Assert.Contains(messages, m => m.SequenceEqual(new byte[] { 2, 0x82, 0x23 }));
        Assert.Contains(messages, m => m.SequenceEqual(new byte[] { 3, 0x82, 0x23 }));
        var error = Assert.Single(messages, m => m[0] == 3 && m.Length > 3);
        Assert.Equal(
            $"error forwarding port 9090 to pod closed, uid {pod.Metadata.Uid}: dial tcp4 127.0.0.1:9090: connect: connection refused",
            Encoding.UTF8.GetString(error, 1, error.Length - 1));
    }

    [Fact]
    public async Task WithoutASubProtocolTheBinaryFramingIsUsed()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "plain");
        using var socket = await ConnectAsync(ns, "plain", "ports=8080", protocol: null);

        var first = new byte[16];
        var result = await socket.ReceiveAsync(first, CancellationToken.None);

        Assert.Null(socket.SubProtocol);
        Assert.Equal(new byte[] { 0, 0x90, 0x1F }, first[..result.Count]);
    }

    [Theory]
    [InlineData("", "query parameter \"ports\" is required")]
    [InlineData("ports=", "query parameter \"ports\" cannot be empty")]
    [InlineData("ports=http", "unable to parse \"http\" as a port: \"http\" is not a number from 1 to 65535")]
    [InlineData("ports=0", "port \"0\" must be > 0")]
    [InlineData("ports=70000", "unable to parse \"70000\" as a port: \"70000\" is not a number from 1 to 65535")]
    public async Task BadPortsAreABadRequest(string query, string message)
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "ports");

        var e = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(ns, "ports", query, "v4.channel.k8s.io"));

        Assert.Contains("400", e.Message, StringComparison.Ordinal);
        var (status, body) = await UpgradeAsync(ns, "ports", query, fixture.Plane.AdminToken);
        Assert.Equal((HttpStatusCode.BadRequest, message), (status, body.Message));
    }

    [Fact]
    public async Task AUserAllowedOnlyToGetPodsPortforwardIsForbidden()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "guarded");

        var (status, body) = await UpgradeAsync(ns, "guarded", "ports=8080", ExecFixture.ReaderToken);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal($"pods \"guarded\" is forbidden: User \"reader\" cannot create resource \"pods/portforward\" in API group \"\" in the namespace \"{ns}\"", body.Message);

        using var runner = fixture.ClientFor(ExecFixture.RunnerToken);
        using var socket = await runner.WebSocketNamespacedPodPortForwardAsync("guarded", ns, [8080]);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task ASpdyClientOfAnotherStreamProtocolIsRefusedAndAnUnknownUpgradeIsABadRequest()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "spdy");

        var (status, body) = await UpgradePostAsync(ns, "spdy", "SPDY/3.1", "v4.channel.k8s.io");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("unable to upgrade: unable to negotiate protocol: client supports v4.channel.k8s.io, server supports portforward.k8s.io", body.Message);

        (status, body) = await UpgradePostAsync(ns, "spdy", "h2c", null);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported upgrade \"h2c\": port-forward is served over SPDY/3.1 or WebSocket", body.Message);
    }

    [Fact]
    public async Task APodWithoutANodeOrNotRunningIsABadRequest()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(ExecFixture.Pod("pending", new Dictionary<string, string> { ["disk"] = "tape" }), ns);

        var (status, body) = await UpgradeAsync(ns, "pending", "ports=8080", fixture.Plane.AdminToken);

        Assert.Equal((HttpStatusCode.BadRequest, "pod pending does not have a host assigned"), (status, body.Message));
        (status, body) = await UpgradeAsync(ns, "ghost", "ports=8080", fixture.Plane.AdminToken);
        Assert.Equal((HttpStatusCode.NotFound, "pods \"ghost\" not found"), (status, body.Message));
    }

    private async Task<(HttpStatusCode Status, V1Status Body)> UpgradePostAsync(string ns, string pod, string upgrade, string? streamProtocol)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/v1/namespaces/{ns}/pods/{pod}/portforward");
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", upgrade);
        if (streamProtocol is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Stream-Protocol-Version", streamProtocol);
        }

        using var response = await fixture.Http.SendAsync(request);
        return (response.StatusCode, KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync()));
    }

    private static async Task<string> RoundTripAsync(Stream stream, string request, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        var response = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, "the forwarded connection ended before the response was complete: " + response);
            response.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = response.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var length = int.Parse(text.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.Ordinal))["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (Encoding.UTF8.GetByteCount(text[(headEnd + 4)..]) >= length)
                {
                    return text;
                }
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(string ns, string pod, string query, string? protocol)
    {
        var socket = new ClientWebSocket();
        if (protocol is not null)
        {
            socket.Options.AddSubProtocol(protocol);
        }

        socket.Options.SetRequestHeader("Authorization", "Bearer " + fixture.Plane.AdminToken);
        using var invoker = new HttpMessageInvoker(fixture.Plane.CreateAdminHandler());
        var uri = new UriBuilder(fixture.Plane.BaseAddress) { Scheme = "wss", Path = $"/api/v1/namespaces/{ns}/pods/{pod}/portforward", Query = query }.Uri;
        await socket.ConnectAsync(uri, invoker, CancellationToken.None);
        return socket;
    }

    private static async Task<List<byte[]>> ReceiveUntilAsync(WebSocket socket, Func<byte[], bool> last)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var messages = new List<byte[]>();
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            messages.Add(buffer[..result.Count]);
            if (last(messages[^1]))
            {
                return messages;
            }
        }
    }

    /// <summary>A WebSocket handshake by hand, to read the Status a refused upgrade answers with.</summary>
    private async Task<(HttpStatusCode Status, V1Status Body)> UpgradeAsync(string ns, string pod, string query, string token)
    {
        using var http = new HttpClient(fixture.Plane.CreateTrustingHandler()) { BaseAddress = fixture.Plane.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/namespaces/{ns}/pods/{pod}/portforward?{query}");
        request.Headers.Authorization = new("Bearer", token);
        request.Headers.TryAddWithoutValidation("Connection", "Upgrade");
        request.Headers.TryAddWithoutValidation("Upgrade", "websocket");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
        request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync()));
    }
}
