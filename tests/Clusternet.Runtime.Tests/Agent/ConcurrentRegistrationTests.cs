using Clusternet.ControlPlane.Simulation;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.Agent.Support;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Runtime.Tests.Agent;

public sealed class ConcurrentRegistrationTests
{
    [Fact]
    public async Task Three_agents_registering_at_once_each_get_their_own_namespace_and_credentials()
    {
        await using var bed = await AgentTestBed.StartAsync();
        await using var second = await Plane.StartAsync(new PlaneOptions { Simulation = new SimulationOptions { Nodes = [new SimulatedNode("n1")] } });
        await using var third = await Plane.StartAsync(new PlaneOptions { Simulation = new SimulationOptions { Nodes = [new SimulatedNode("n1")] } });

        var agents = await Task.WhenAll(
            bed.StartAgentAsync(bed.Options()),
            bed.StartAgentAsync(bed.Options(o => o.Child = second.CreateAdminConfiguration())),
            bed.StartAgentAsync(bed.Options(o => o.Child = third.CreateAdminConfiguration())));
        var statuses = await Task.WhenAll(agents.Select(a => a.WaitForAsync(s => s.Phase == ClusternetAgentPhase.Registered && s.LastReportTime is not null)));

        Assert.Equal(3, statuses.Select(s => s.ClusterId).Distinct().Count());
        Assert.Equal(3, statuses.Select(s => s.DedicatedNamespace).Distinct().Count());
        Assert.Equal(3, statuses.Select(s => s.ClusterName).Distinct().Count());
        Assert.All(statuses, s => Assert.StartsWith("clusternet-cluster-", s.ClusterName));
    }
}
