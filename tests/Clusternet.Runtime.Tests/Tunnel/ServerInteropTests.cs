using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Clusternet.Runtime.Tunnel;
using Microsoft.Extensions.Time.Testing;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>Our hub against a peer that writes and reads frames by hand from the spec's byte layout.</summary>
public sealed class ServerInteropTests : IAsyncLifetime
{
    private HubHost _hub = null!;

    public async Task InitializeAsync() => _hub = await HubHost.StartAsync();

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task Dial_sends_connect_with_id_two_deadline_and_address()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");

        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        var message = await peer.ReceiveAsync();

        Assert.NotNull(message);
        var offset = 0;
        SpecFrames.ReadVarint(message, ref offset);
        var expected = new byte[] { 0x04, 0x04, 0xB0, 0xEA, 0x01 }.Concat("tcp/10.96.0.1:443"u8.ToArray()).ToArray();
        Assert.Equal(expected, message[offset..]);
    }

    [Fact]
    public async Task Data_from_the_peer_is_read_from_the_stream()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await peer.SendAsync(SpecFrames.Frame(10, 2, SpecFrames.Data, "hello"));

        Assert.Equal("hello", await ReadStringAsync(stream, 5));
    }

    [Fact]
    public async Task Stream_writes_arrive_as_data_frames()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await stream.WriteAsync("world"u8.ToArray());
        var frame = await peer.ReceiveFrameAsync();

        Assert.Equal((2L, SpecFrames.Data, "world"), (frame.ConnectionId, frame.Type, Encoding.UTF8.GetString(frame.Payload)));
    }

    [Fact]
    public async Task Pause_holds_writes_until_resume()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await peer.SendAsync(SpecFrames.Frame(11, 2, SpecFrames.Pause));
        // The Pause is processed in order with this Data, so once the Data is readable the Pause has applied.
        await peer.SendAsync(SpecFrames.Frame(12, 2, SpecFrames.Data, "x"));
        await ReadStringAsync(stream, 1);
        var write = stream.WriteAsync("held"u8.ToArray()).AsTask();
        await Task.Delay(200);
        Assert.False(write.IsCompleted);

        await peer.SendAsync(SpecFrames.Frame(13, 2, SpecFrames.Resume));
        await write.WaitAsync(FramePeer.Timeout);
        var frame = await peer.ReceiveFrameAsync(SpecFrames.Data);
        Assert.Equal("held", Encoding.UTF8.GetString(frame.Payload));
    }

    [Fact]
    public async Task Error_eof_ends_the_stream_after_buffered_data()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await peer.SendAsync(SpecFrames.Frame(10, 2, SpecFrames.Data, "last"));
        await peer.SendAsync(SpecFrames.Frame(11, 2, SpecFrames.Error, "EOF"));

        Assert.Equal("last", await ReadStringAsync(stream, 4));
        Assert.Equal(0, await stream.ReadAsync(new byte[10]).AsTask().WaitAsync(FramePeer.Timeout));
    }

    [Fact]
    public async Task Error_text_fails_reads_with_that_text()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await peer.SendAsync(SpecFrames.Frame(10, 2, SpecFrames.Error, "dial tcp 10.96.0.1:443: connect: connection refused"));

        var error = await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[10]).AsTask().WaitAsync(FramePeer.Timeout));
        Assert.Contains("connection refused", error.Message);
    }

    [Fact]
    public async Task Disposing_the_stream_sends_error_eof()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await stream.DisposeAsync();
        var frame = await peer.ReceiveFrameAsync();

        Assert.Equal((2L, SpecFrames.Error, "EOF"), (frame.ConnectionId, frame.Type, Encoding.UTF8.GetString(frame.Payload)));
    }

    [Fact]
    public async Task Echoed_and_duplicate_errors_are_ignored()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        var first = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await first.DisposeAsync();
        await peer.ReceiveFrameAsync(SpecFrames.Error);

        // As a Go peer does: echo the Error, then send a second EOF when it removes the connection.
        await peer.SendAsync(SpecFrames.Frame(20, 2, SpecFrames.Error, "EOF"));
        await peer.SendAsync(SpecFrames.Frame(21, 2, SpecFrames.Error, "EOF"));
        await peer.SendAsync(SpecFrames.Frame(22, 2, SpecFrames.Pause));
        await using var second = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);
        await peer.SendAsync(SpecFrames.Frame(23, 3, SpecFrames.Data, "ok"));

        Assert.Equal("ok", await ReadStringAsync(second, 2));
    }

    [Fact]
    public async Task Data_for_an_unknown_connection_is_answered_with_error()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");

        await peer.SendAsync(SpecFrames.Frame(10, 99, SpecFrames.Data, "stray"));
        var frame = await peer.ReceiveFrameAsync();

        Assert.Equal((99L, SpecFrames.Error), (frame.ConnectionId, frame.Type));
        Assert.StartsWith("connection not found c1/", Encoding.UTF8.GetString(frame.Payload));
    }

    [Fact]
    public async Task Connect_from_an_agent_ends_the_session()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");

        await peer.SendAsync(SpecFrames.Frame(10, 2, SpecFrames.Connect, "tcp/127.0.0.1:22"));

        Assert.Null(await peer.ReceiveAsync());
        await Eventually.TrueAsync(() => !_hub.Server.HasSession("c1"));
    }

    [Fact]
    public async Task Text_message_ends_the_session()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");

        await peer.SendTextAsync("hello");

        Assert.Null(await peer.ReceiveAsync());
    }

    [Fact]
    public async Task Malformed_frame_ends_the_session_and_its_streams()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        await peer.SendAsync(Enumerable.Repeat((byte)0xFF, 12).ToArray());

        await Assert.ThrowsAsync<IOException>(() => stream.ReadAsync(new byte[1]).AsTask().WaitAsync(FramePeer.Timeout));
        Assert.Null(await peer.ReceiveAsync());
    }

    [Fact]
    public async Task Message_over_the_size_limit_ends_the_session()
    {
        await using var hub = await HubHost.StartAsync(new TunnelSessionOptions { MaxMessageSize = 1024 });
        await using var peer = await hub.ConnectPeerAsync("c1");

        await peer.SendAsync(SpecFrames.Frame(1, 2, SpecFrames.Data, new byte[64 << 10]));

        Assert.Null(await peer.ReceiveAsync());
        await Eventually.TrueAsync(() => !hub.Server.HasSession("c1"));
    }

    [Fact]
    public async Task Unread_data_past_two_mebibytes_sends_pause_and_draining_sends_resume()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");
        await using var stream = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await peer.ReceiveFrameAsync(SpecFrames.Connect);

        var chunk = new byte[32 << 10];
        for (var i = 0; i < 65; i++)
        {
            await peer.SendAsync(SpecFrames.Frame(100 + i, 2, SpecFrames.Data, chunk));
        }

        var pause = await peer.ReceiveFrameAsync();
        Assert.Equal((2L, SpecFrames.Pause), (pause.ConnectionId, pause.Type));

        var buffer = new byte[64 << 10];
        long drained = 0;
        while (drained < (65L * chunk.Length) - (256 << 10) + 1)
        {
            drained += await stream.ReadAsync(buffer);
        }

        var resume = await peer.ReceiveFrameAsync();
        Assert.Equal((2L, SpecFrames.Resume), (resume.ConnectionId, resume.Type));
    }

    [Fact]
    public async Task Caller_without_the_clusters_credentials_is_refused()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer token-other");

        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(_hub.SocketUri("c1"), CancellationToken.None));

        Assert.False(_hub.Server.HasSession("c1"));
        Assert.Contains("403", error.Message);
    }

    [Fact]
    public async Task Empty_cluster_id_is_unauthorized_as_upstream()
    {
        using var http = new HttpClient();

        var response = await http.GetAsync(new Uri(_hub.Address, "/apis/proxies.clusternet.io/v1alpha1/sockets/"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Plain_get_without_upgrade_is_a_bad_request()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_hub.Address, "/apis/proxies.clusternet.io/v1alpha1/sockets/c1"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token-c1");

        var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Reconnect_replaces_the_older_session()
    {
        await using var old = await _hub.ConnectPeerAsync("c1");
        await using var stale = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        await old.ReceiveFrameAsync(SpecFrames.Connect);

        await using var current = await _hub.ConnectPeerAsync("c1");

        Assert.Null(await old.ReceiveAsync());
        await Assert.ThrowsAsync<IOException>(() => stale.ReadAsync(new byte[1]).AsTask().WaitAsync(FramePeer.Timeout));
        await using var fresh = await _hub.Server.DialAsync("c1", "tcp", "10.96.0.1:443", CancellationToken.None);
        Assert.Equal(SpecFrames.Connect, (await current.ReceiveFrameAsync()).Type);
    }

    [Fact]
    public async Task Silent_peer_is_dropped_at_the_read_deadline()
    {
        await using var hub = await HubHost.StartAsync(new TunnelSessionOptions { ReadTimeout = TimeSpan.FromMilliseconds(600) });
        await using var peer = await hub.ConnectPeerAsync("c1");

        Assert.Null(await peer.ReceiveAsync());
        Assert.False(hub.Server.HasSession("c1"));
    }

    [Fact]
    public async Task Time_the_hub_spent_stalled_does_not_count_against_the_peer_but_later_silence_does()
    {
        var clock = new FakeTimeProvider();
        await using var hub = await HubHost.StartAsync(new TunnelSessionOptions { ReadTimeout = TimeSpan.FromSeconds(4), TimeProvider = clock });
        await using var peer = await hub.ConnectPeerAsync("c1");

        // One late tick ten seconds on, as after a frozen thread pool or a suspended machine: not the peer's fault.
        clock.Advance(TimeSpan.FromSeconds(10));
        await Task.Delay(200);
        Assert.True(hub.Server.HasSession("c1"));

        // The peer then stays silent while the hub runs: kept for the deadline's worth of checks (ticks the hub's loop
        // has not taken yet merge into one, which only keeps it longer), then dropped.
        for (var second = 0; second < 3; second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50);
        }

        Assert.True(hub.Server.HasSession("c1"));
        for (var second = 0; second < 60 && hub.Server.HasSession("c1"); second++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(100);
        }

        Assert.Null(await peer.ReceiveAsync());
        Assert.False(hub.Server.HasSession("c1"));
    }

    [Fact]
    public async Task Dial_to_an_unknown_cluster_fails_with_session_not_found()
    {
        var error = await Assert.ThrowsAsync<TunnelSessionNotFoundException>(() => _hub.Server.DialAsync("nowhere", "tcp", "10.0.0.1:443", CancellationToken.None).AsTask());

        Assert.Equal("nowhere", error.ClusterId);
    }

    [Fact]
    public async Task Connect_longer_than_a_go_peer_reads_is_refused_locally()
    {
        await using var peer = await _hub.ConnectPeerAsync("c1");

        await Assert.ThrowsAsync<ArgumentException>(() => _hub.Server.DialAsync("c1", "tcp", new string('a', 95) + ":443", CancellationToken.None).AsTask());
    }

    private static async Task<string> ReadStringAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        await stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(FramePeer.Timeout);
        return Encoding.UTF8.GetString(buffer);
    }
}
