using System.Diagnostics;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class TunnelTests
{
    [Fact]
    public async Task Agent_opens_a_tunnel_through_the_parent_and_the_hub_reaches_the_child_api_server_through_it()
    {
        await using var bed = await AgentTestBed.StartAsync();
        await using var hub = await HubStandIn.StartAsync(bed.ParentAdmin);
        var agent = await bed.StartAgentAsync(bed.Options(o => o.Tunnel = true));

        var status = await agent.WaitForAsync(s => s.TunnelConnected, TimeSpan.FromSeconds(30));

        Assert.True(hub.Server.HasSession(status.ClusterId!));
        using var handler = hub.Server.CreateHttpHandler(status.ClusterId!);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { BaseAddress = bed.Child.BaseAddress };
        using var response = await http.GetAsync("/livez");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_hub_may_dial_only_the_child_api_server()
    {
        await using var bed = await AgentTestBed.StartAsync();
        await using var hub = await HubStandIn.StartAsync(bed.ParentAdmin);
        var agent = await bed.StartAgentAsync(bed.Options(o => o.Tunnel = true));
        var status = await agent.WaitForAsync(s => s.TunnelConnected, TimeSpan.FromSeconds(30));

        using var handler = hub.Server.CreateHttpHandler(status.ClusterId!);
        handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        using var http = new HttpClient(handler) { BaseAddress = bed.Parent.BaseAddress };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("/livez"));
    }

    [Fact]
    public async Task After_a_hub_restart_the_agent_reconnects_within_seconds()
    {
        await using var bed = await AgentTestBed.StartAsync();
        await using var hub = await HubStandIn.StartAsync(bed.ParentAdmin);
        var agent = await bed.StartAgentAsync(bed.Options(o => o.Tunnel = true));
        var status = await agent.WaitForAsync(s => s.TunnelConnected, TimeSpan.FromSeconds(30));

        await hub.StopAsync();
        await agent.WaitForAsync(s => !s.TunnelConnected);
        var restarted = Stopwatch.StartNew();
        await hub.StartAsync();

        await agent.WaitForAsync(s => s.TunnelConnected, TimeSpan.FromSeconds(15));
        Assert.True(hub.Server.HasSession(status.ClusterId!));
        Assert.True(restarted.Elapsed < TimeSpan.FromSeconds(10), $"reconnected after {restarted.Elapsed}");
    }
}
