using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Clusternet.Runtime.Tunnel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>
/// Hub-to-hub peering on the wire (spec §4.5), against peers that write and read frames by hand: a Go hub linking to
/// ours (AddClient/RemoveClient with connection id 0, then our Connects as <c>&lt;clusterId&gt;::tcp</c>), and our hub
/// linking to a Go hub (what it advertises, and how it relays the Go hub's Connects to its agent).
/// </summary>
public sealed class PeeringInteropTests : IAsyncLifetime
{
    private const string GoPeerId = "g7k2x";
    private const string GoPeerToken = "Cheugy";
    private readonly RemoteDialerServer _server = new();
    private KestrelHost _host = null!;

    public async Task InitializeAsync() => _host = await KestrelHost.StartAsync(app =>
    {
        app.Map("/connect", (HttpContext context) => _server.HandlePeerAsync(context, (id, token) => id == GoPeerId && token == GoPeerToken));
        app.Map("/apis/proxies.clusternet.io/v1alpha1/sockets/{**rest}", (HttpContext context) =>
            _server.HandleAsync(context, (ctx, clusterId, _) => ValueTask.FromResult(ctx.Request.Headers.Authorization.ToString() == "Bearer token-" + clusterId)));
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_cluster_advertised_by_a_peer_is_dialed_through_it_with_the_cluster_id_before_the_network()
    {
        await using var peer = await LinkAsGoPeerAsync(GoPeerId, GoPeerToken);
        Assert.False(_server.HasSession("c9"));

        // AddClient, connection id 0, no deadline varint: 08 = type 4.
        var addClient = SpecFrames.Frame(40, 0, SpecFrames.AddClient, "c9/7731");
        Assert.Equal(new byte[] { 0x50, 0x00, 0x08 }.Concat("c9/7731"u8.ToArray()), addClient);
        await peer.SendAsync(addClient);
        await Eventually.TrueAsync(() => _server.HasSession("c9"));
        Assert.DoesNotContain("c9", _server.ClusterIds);

        await using var stream = await _server.DialAsync("c9", "tcp", "10.96.0.1:443", CancellationToken.None);
        var message = await peer.ReceiveAsync();
        Assert.NotNull(message);
        var offset = 0;
        SpecFrames.ReadVarint(message, ref offset);
        Assert.Equal(new byte[] { 0x04, 0x04, 0xB0, 0xEA, 0x01 }.Concat("c9::tcp/10.96.0.1:443"u8.ToArray()), message[offset..]);

        // The connection works as any other: the peer's Data arrives on the stream.
        await peer.SendAsync(SpecFrames.Frame(41, 2, SpecFrames.Data, "pong"));
        var buffer = new byte[4];
        await stream.ReadExactlyAsync(buffer);
        Assert.Equal("pong", Encoding.ASCII.GetString(buffer));

        await peer.SendAsync(SpecFrames.Frame(42, 0, SpecFrames.RemoveClient, "c9/7731"));
        await Eventually.TrueAsync(() => !_server.HasSession("c9"));
        await Assert.ThrowsAsync<TunnelSessionNotFoundException>(async () => await _server.DialAsync("c9", "tcp", "10.96.0.1:443", CancellationToken.None));
    }

    [Fact]
    public async Task A_replaced_session_stays_advertised_when_the_old_key_is_withdrawn_after_the_new_one_is_added()
    {
        await using var peer = await LinkAsGoPeerAsync(GoPeerId, GoPeerToken);

        // remotedialer adds the new session before it removes the old one.
        await peer.SendAsync(SpecFrames.Frame(1, 0, SpecFrames.AddClient, "c9/1"));
        await peer.SendAsync(SpecFrames.Frame(2, 0, SpecFrames.AddClient, "c9/2"));
        await peer.SendAsync(SpecFrames.Frame(3, 0, SpecFrames.RemoveClient, "c9/1"));
        await peer.SendAsync(SpecFrames.Frame(4, 0, SpecFrames.AddClient, "marker/5"));
        await Eventually.TrueAsync(() => _server.HasSession("marker"));

        Assert.True(_server.HasSession("c9"));
    }

    [Fact]
    public async Task Advertisements_are_forgotten_when_the_link_ends()
    {
        var peer = await LinkAsGoPeerAsync(GoPeerId, GoPeerToken);
        await peer.SendAsync(SpecFrames.Frame(1, 0, SpecFrames.AddClient, "c9/1"));
        await Eventually.TrueAsync(() => _server.HasSession("c9"));

        await peer.DisposeAsync();

        await Eventually.TrueAsync(() => !_server.HasSession("c9"));
    }

    [Theory]
    [InlineData(GoPeerId, "wrong")]
    [InlineData("other", GoPeerToken)]
    [InlineData("", "")]
    public async Task A_link_with_an_unknown_id_or_a_wrong_token_is_refused_with_401(string id, string token)
    {
        var socket = new ClientWebSocket();
        if (id.Length > 0)
        {
            socket.Options.SetRequestHeader(RemoteDialerServer.PeerIdHeader, id);
            socket.Options.SetRequestHeader(RemoteDialerServer.PeerTokenHeader, token);
        }

        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(LinkUri(_host.Address), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
    }

    [Fact]
    public async Task Our_link_advertises_the_agents_it_holds_and_relays_the_peers_connects_to_them()
    {
        // A Go hub, played by hand: accepts our link at /connect and hands it to the test.
        var links = Channel.CreateUnbounded<(FramePeer Peer, IHeaderDictionary Headers)>();
        await using var goHub = await KestrelHost.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/connect", async (HttpContext context) =>
            {
                var headers = new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value));
                var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
                await links.Writer.WriteAsync((new FramePeer(socket), headers));
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
            });
        });

        // An agent of cluster c1 holds its session with our hub.
        var agent = await ConnectAgentAsync("c1");

        using var stop = new CancellationTokenSource();
        using var handler = new SocketsHttpHandler();
        var link = _server.RunPeerLinkAsync("go", LinkUri(goHub.Address), "ours1", "our-token", handler, stop.Token);
        using var accept = new CancellationTokenSource(FramePeer.Timeout);
        var (peer, requestHeaders) = await links.Reader.ReadAsync(accept.Token);
        Assert.Equal("ours1", requestHeaders[RemoteDialerServer.PeerIdHeader].ToString());
        Assert.Equal("our-token", requestHeaders[RemoteDialerServer.PeerTokenHeader].ToString());

        // AddClient for the agent's session: connection id 0, type 4, "c1/<decimal session key>".
        var added = await peer.ReceiveFrameAsync(SpecFrames.AddClient);
        Assert.Equal(0, added.ConnectionId);
        var advertised = Encoding.ASCII.GetString(added.Payload);
        Assert.Matches("^c1/[0-9]+$", advertised);

        // The Go hub reaches c1 through us: its Connect arrives at the agent as plain tcp, and bytes flow both ways.
        await peer.SendAsync(SpecFrames.Frame(100, 5, SpecFrames.Connect, "c1::tcp/10.96.0.1:443"));
        var connect = await agent.ReceiveFrameAsync(SpecFrames.Connect);
        Assert.Equal("tcp/10.96.0.1:443", Encoding.ASCII.GetString(connect.Payload));
        await agent.SendAsync(SpecFrames.Frame(7, connect.ConnectionId, SpecFrames.Data, "from-agent"));
        var data = await peer.ReceiveFrameAsync(SpecFrames.Data);
        Assert.Equal((5L, "from-agent"), (data.ConnectionId, Encoding.ASCII.GetString(data.Payload)));
        await peer.SendAsync(SpecFrames.Frame(101, 5, SpecFrames.Data, "from-peer"));
        var relayed = await agent.ReceiveFrameAsync(SpecFrames.Data);
        Assert.Equal((connect.ConnectionId, "from-peer"), (relayed.ConnectionId, Encoding.ASCII.GetString(relayed.Payload)));

        // A cluster we do not hold: an Error with upstream's text.
        await peer.SendAsync(SpecFrames.Frame(102, 6, SpecFrames.Connect, "nope::tcp/10.96.0.1:443"));
        var refused = await peer.ReceiveFrameAsync(SpecFrames.Error);
        Assert.Equal((6L, "failed to find Session for client nope"), (refused.ConnectionId, Encoding.UTF8.GetString(refused.Payload)));

        // The agent goes: RemoveClient with the key that was advertised.
        await agent.DisposeAsync();
        var removed = await peer.ReceiveFrameAsync(SpecFrames.RemoveClient);
        Assert.Equal((0L, advertised), (removed.ConnectionId, Encoding.ASCII.GetString(removed.Payload)));

        // Ending the link ends the Go hub's request, which owns its side of the WebSocket.
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => link);
    }

    private static Uri LinkUri(Uri address) => new($"ws://{address.Authority}/connect");

    private async Task<FramePeer> LinkAsGoPeerAsync(string id, string token)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader(RemoteDialerServer.PeerIdHeader, id);
        socket.Options.SetRequestHeader(RemoteDialerServer.PeerTokenHeader, token);
        await socket.ConnectAsync(LinkUri(_host.Address), CancellationToken.None);
        return new FramePeer(socket);
    }

    private async Task<FramePeer> ConnectAgentAsync(string clusterId)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader("Authorization", "Bearer token-" + clusterId);
        await socket.ConnectAsync(RemoteDialerClientOptions.GetSocketUri(_host.Address, clusterId), CancellationToken.None);
        await Eventually.TrueAsync(() => _server.ClusterIds.Contains(clusterId));
        return new FramePeer(socket);
    }
}
