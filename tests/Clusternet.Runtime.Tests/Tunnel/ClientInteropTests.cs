using System.Net;
using System.Net.Sockets;
using System.Text;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Clusternet.Runtime.Tunnel;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>Our agent against a scripted hub that writes and reads frames by hand.</summary>
public sealed class ClientInteropTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private ScriptedHub _hub = null!;
    private TcpListener _target = null!;

    public async Task InitializeAsync()
    {
        _hub = await ScriptedHub.StartAsync();
        _target = new TcpListener(IPAddress.Loopback, 0);
        _target.Start();
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        _target.Stop();
        await _hub.DisposeAsync();
    }

    private string TargetAddress => "127.0.0.1:" + ((IPEndPoint)_target.LocalEndpoint).Port;

    [Fact]
    public async Task A_handshake_without_an_answer_fails_with_io_exception_at_the_handshake_timeout()
    {
        // A server that takes the connection and the request but never answers, like a stuck proxy in front of a hub.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = Task.Run(async () =>
        {
            using var connection = await silent.AcceptTcpClientAsync();
            await connection.GetStream().ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false);
            await Task.Delay(Timeout.Infinite, _stop.Token);
        });
        var client = new RemoteDialerClient(new RemoteDialerClientOptions
        {
            SocketUri = new Uri($"ws://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/apis/proxies.clusternet.io/v1alpha1/sockets/c1"),
            Session = new TunnelSessionOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(300) },
        });

        var error = await Assert.ThrowsAsync<IOException>(() => client.RunAsync(CancellationToken.None).WaitAsync(FramePeer.Timeout));

        Assert.Contains("handshake", error.Message, StringComparison.Ordinal);
        Assert.False(held.IsFaulted);
    }

    [Fact]
    public async Task Handshake_carries_the_bearer_token_and_no_cluster_header()
    {
        _ = StartClient(apiServer: TargetAddress);

        var (_, context) = await _hub.AcceptAsync();

        Assert.Equal("Bearer token-c1", context.Request.Headers.Authorization.ToString());
        Assert.EndsWith("/sockets/c1", context.Request.Path.Value);
    }

    [Fact]
    public async Task Connect_to_the_allowed_address_dials_it_and_relays_both_ways()
    {
        _ = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();

        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "tcp/" + TargetAddress));
        await peer.SendAsync(SpecFrames.Frame(2, 2, SpecFrames.Data, "ping"));
        using var accepted = await _target.AcceptTcpClientAsync().WaitAsync(FramePeer.Timeout);
        var stream = accepted.GetStream();
        var received = new byte[4];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(FramePeer.Timeout);
        await stream.WriteAsync("pong"u8.ToArray());

        Assert.Equal("ping", Encoding.ASCII.GetString(received));
        var frame = await peer.ReceiveFrameAsync(SpecFrames.Data);
        Assert.Equal((2L, "pong"), (frame.ConnectionId, Encoding.ASCII.GetString(frame.Payload)));
    }

    [Fact]
    public async Task Pause_from_the_hub_holds_the_agents_data_until_resume()
    {
        _ = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();
        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "tcp/" + TargetAddress));
        using var accepted = await _target.AcceptTcpClientAsync().WaitAsync(FramePeer.Timeout);
        await peer.SendAsync(SpecFrames.Frame(2, 2, SpecFrames.Pause));
        // Data after the Pause is delivered to the target only once the agent has processed the Pause.
        await peer.SendAsync(SpecFrames.Frame(3, 2, SpecFrames.Data, "x"));
        await accepted.GetStream().ReadExactlyAsync(new byte[1]).AsTask().WaitAsync(FramePeer.Timeout);

        await accepted.GetStream().WriteAsync("held"u8.ToArray());
        var early = peer.ReceiveFrameAsync(SpecFrames.Data);
        await Task.Delay(300);
        Assert.False(early.IsCompleted);

        await peer.SendAsync(SpecFrames.Frame(4, 2, SpecFrames.Resume));
        var frame = await early;
        Assert.Equal((2L, "held"), (frame.ConnectionId, Encoding.ASCII.GetString(frame.Payload)));
    }

    [Fact]
    public async Task Target_closing_sends_error_eof()
    {
        _ = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();
        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "tcp/" + TargetAddress));

        var accepted = await _target.AcceptTcpClientAsync().WaitAsync(FramePeer.Timeout);
        accepted.Dispose();

        var frame = await peer.ReceiveFrameAsync(SpecFrames.Error);
        Assert.Equal((2L, "EOF"), (frame.ConnectionId, Encoding.ASCII.GetString(frame.Payload)));
    }

    [Fact]
    public async Task Error_from_the_hub_closes_the_target_socket()
    {
        _ = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();
        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "tcp/" + TargetAddress));
        using var accepted = await _target.AcceptTcpClientAsync().WaitAsync(FramePeer.Timeout);

        await peer.SendAsync(SpecFrames.Frame(2, 2, SpecFrames.Error, "EOF"));

        Assert.Equal(0, await accepted.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(FramePeer.Timeout));
    }

    [Fact]
    public async Task Connect_to_an_address_not_allowed_is_refused_without_dialing()
    {
        _ = StartClient(apiServer: "10.96.0.1:443");
        var (peer, _) = await _hub.AcceptAsync();

        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "tcp/" + TargetAddress));
        var frame = await peer.ReceiveFrameAsync();

        Assert.Equal((2L, SpecFrames.Error), (frame.ConnectionId, frame.Type));
        Assert.Contains("not allowed", Encoding.UTF8.GetString(frame.Payload));
        Assert.False(_target.Pending());
    }

    [Fact]
    public async Task Non_tcp_network_is_refused()
    {
        _ = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();

        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "udp/" + TargetAddress));
        var frame = await peer.ReceiveFrameAsync();

        Assert.Equal((2L, SpecFrames.Error), (frame.ConnectionId, frame.Type));
        Assert.False(_target.Pending());
    }

    [Fact]
    public async Task Dial_failure_is_reported_as_error_text()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var address = "127.0.0.1:" + ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        _ = StartClient(apiServer: address);
        var (peer, _) = await _hub.AcceptAsync();

        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Connect, "tcp/" + address));
        var frame = await peer.ReceiveFrameAsync();

        Assert.Equal((2L, SpecFrames.Error), (frame.ConnectionId, frame.Type));
        Assert.NotEqual("EOF", Encoding.UTF8.GetString(frame.Payload));
    }

    [Fact]
    public async Task Peering_and_newer_messages_are_ignored()
    {
        _ = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();

        await peer.SendAsync(SpecFrames.Frame(1, 0, SpecFrames.AddClient, "c9/12345"));
        await peer.SendAsync(SpecFrames.Frame(2, 0, SpecFrames.RemoveClient, "c9/12345"));
        await peer.SendAsync(SpecFrames.Varint(3).Concat(SpecFrames.Varint(0)).Concat(SpecFrames.Varint(8)).ToArray());
        await peer.SendAsync(SpecFrames.Frame(4, 2, SpecFrames.Connect, "tcp/" + TargetAddress));

        using var accepted = await _target.AcceptTcpClientAsync().WaitAsync(FramePeer.Timeout);
        Assert.True(accepted.Connected);
    }

    [Fact]
    public async Task Hub_refusal_surfaces_the_status_code()
    {
        await using var hub = await HubHost.StartAsync();
        var client = new RemoteDialerClient(new RemoteDialerClientOptions { SocketUri = hub.SocketUri("c1"), BearerToken = "token-c2" });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.RunAsync(CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Run_returns_when_the_hub_closes_the_session()
    {
        var run = StartClient(apiServer: TargetAddress);
        var (peer, _) = await _hub.AcceptAsync();

        await peer.WebSocket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        await run.WaitAsync(FramePeer.Timeout);
    }

    [Fact]
    public void Socket_uri_keeps_the_parent_path_and_switches_the_scheme()
    {
        var uri = RemoteDialerClientOptions.GetSocketUri(new Uri("https://parent.example:6443/prefix/"), "7f8e");

        Assert.Equal("wss://parent.example:6443/prefix/apis/proxies.clusternet.io/v1alpha1/sockets/7f8e", uri.ToString());
    }

    private Task StartClient(string apiServer)
    {
        var client = new RemoteDialerClient(new RemoteDialerClientOptions
        {
            SocketUri = _hub.SocketUri("c1"),
            BearerToken = "token-c1",
            ApiServerAddress = apiServer,
        });
        return Task.Run(async () =>
        {
            try
            {
                await client.RunAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
            }
        });
    }
}
