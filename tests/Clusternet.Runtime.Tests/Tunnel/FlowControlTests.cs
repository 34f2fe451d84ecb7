using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Clusternet.Runtime.Tunnel;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>Pause/Resume between our hub and our agent, and what a session's loss does to its streams.</summary>
public sealed class FlowControlTests
{
    [Fact]
    public async Task Slow_reader_pauses_the_sender_and_memory_stays_bounded()
    {
        const int total = 24 << 20;
        var content = RandomNumberGenerator.GetBytes(total);
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var address = "127.0.0.1:" + ((IPEndPoint)target.LocalEndpoint).Port;
        var sent = new TaskCompletionSource();
        var serve = Task.Run(async () =>
        {
            using var client = await target.AcceptTcpClientAsync();
            await client.GetStream().WriteAsync(content);
            sent.SetResult();
            await client.GetStream().ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false);
        });
        await using var pair = await TunnelPair.StartAsync(address);

        await using var stream = await pair.Server.DialAsync("c1", "tcp", address, CancellationToken.None);
        var connection = (TunnelConnection)stream;
        await Eventually.TrueAsync(() => connection.Buffered > TunnelConnection.PauseThreshold);
        // After Pause only what was already in flight (TCP buffers between agent and hub) may still arrive; then the
        // buffer must stop growing, far below the 24 MiB the target wants to send.
        await Task.Delay(500);
        var settled = connection.Buffered;
        await Task.Delay(300);

        Assert.False(sent.Task.IsCompleted);
        Assert.Equal(settled, connection.Buffered);
        Assert.InRange(settled, TunnelConnection.PauseThreshold, total / 2);

        var received = new byte[total];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(content.AsSpan().SequenceEqual(received));
        await sent.Task;
    }

    [Fact]
    public async Task Session_loss_mid_stream_fails_reads_with_io_exception_quickly()
    {
        using var target = new TcpListener(IPAddress.Loopback, 0);
        target.Start();
        var address = "127.0.0.1:" + ((IPEndPoint)target.LocalEndpoint).Port;
        await using var pair = await TunnelPair.StartAsync(address);
        await using var stream = await pair.Server.DialAsync("c1", "tcp", address, CancellationToken.None);
        using var accepted = await target.AcceptTcpClientAsync().WaitAsync(FramePeer.Timeout);
        await accepted.GetStream().WriteAsync("partial"u8.ToArray());
        await stream.ReadExactlyAsync(new byte[7]).AsTask().WaitAsync(FramePeer.Timeout);

        var read = stream.ReadAsync(new byte[16]).AsTask();
        pair.StopAgent();

        await Assert.ThrowsAsync<IOException>(() => read.WaitAsync(TimeSpan.FromSeconds(5)));
        await Assert.ThrowsAsync<IOException>(() => stream.WriteAsync(new byte[1]).AsTask());
    }

    [Fact]
    public async Task Agent_pings_keep_an_idle_session_past_the_read_deadline()
    {
        // The deadline is 20 ping intervals: wide enough that a loaded 2-core CI machine stalling the thread pool for a
        // second does not end the session, narrow enough that silence without pings would end it twice over.
        var timeouts = new TunnelSessionOptions { PingInterval = TimeSpan.FromMilliseconds(150), ReadTimeout = TimeSpan.FromSeconds(3) };
        await using var pair = await TunnelPair.StartAsync("127.0.0.1:1", timeouts, timeouts);

        // More than two read deadlines of silence but for the agent's Pings and the hub's Pongs.
        await Task.Delay(7000);

        Assert.False(pair.Agent.IsCompleted, pair.Agent.Exception?.ToString());
        Assert.True(pair.Server.HasSession("c1"));
    }
}
