using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class HostingTests
{
    [Fact]
    public async Task AddClusternetAgent_runs_the_agent_as_a_hosted_service_whose_status_the_host_can_read()
    {
        await using var bed = await AgentTestBed.StartAsync();
        var template = bed.Options();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddClusternetAgent(o =>
        {
            o.ParentUrl = template.ParentUrl;
            o.BootstrapToken = template.BootstrapToken;
            o.Child = template.Child;
            o.StatusReportPeriod = template.StatusReportPeriod;
            o.StatusCollectPeriod = template.StatusCollectPeriod;
            o.Tunnel = false;
        });
        using var host = builder.Build();

        await host.StartAsync();
        var agent = host.Services.GetRequiredService<ClusternetAgent>();
        await agent.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered);
        await host.StopAsync();

        Assert.Equal(ClusternetAgentPhase.Stopped, agent.Status.Phase);
    }

    [Fact]
    public void Missing_required_settings_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new ClusternetAgent(new ClusternetAgentOptions { BootstrapToken = "a.b", Child = new k8s.KubernetesClientConfiguration { Host = "https://127.0.0.1:1" } }));
        Assert.Throws<ArgumentException>(() => new ClusternetAgent(new ClusternetAgentOptions
        {
            ParentUrl = new Uri("https://127.0.0.1:1"), BootstrapToken = "a.b", Child = new k8s.KubernetesClientConfiguration { Host = "https://127.0.0.1:2" },
            InsecureSkipParentTlsVerifyOnBootstrap = false,
        }));
    }
}
