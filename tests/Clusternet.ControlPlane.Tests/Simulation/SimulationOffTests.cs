using Clusternet.ControlPlane.Tests.Api.Server;

namespace Clusternet.ControlPlane.Tests.Simulation;

public class SimulationOffTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task WithoutSimulationThereAreNoNodesAndNoHandle()
    {
        Assert.Null(fixture.Plane.Simulation);
        Assert.Empty((await k8s.CoreV1OperationsExtensions.ListNodeAsync(fixture.Client.CoreV1)).Items);
    }
}
