using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using k8s;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Runtime.Tests.Fleet;

/// <summary>
/// The real agent against the real controller manager, over HTTPS: three child clusters with simulated nodes of
/// different sizes register with one bootstrap token, each ends up Ready in its own namespace with the capacity of
/// its nodes, and a cluster whose agent stops turns Unknown with the lifecycle taints.
/// </summary>
public sealed class RegistrationEndToEndTests
{
    [Fact]
    public async Task Three_agents_register_with_the_controller_manager_and_a_silent_one_turns_unknown()
    {
        await using var parent = await ParentCluster.StartAsync();
        int[] cpus = [2, 4, 8];
        var children = await Task.WhenAll(cpus.Select(cpu => Plane.StartAsync(new PlaneOptions
        {
            Simulation = new SimulationOptions { Nodes = SimulatedNode.Pool(2, new SimulatedNode($"cpu{cpu}") { Cpu = cpu.ToString(System.Globalization.CultureInfo.InvariantCulture), Memory = "8Gi" }) },
        })));
        var agents = new List<ClusternetAgent>();
        try
        {
            foreach (var child in children)
            {
                var agent = new ClusternetAgent(new ClusternetAgentOptions
                {
                    ParentUrl = parent.Plane.BaseAddress,
                    BootstrapToken = ParentCluster.BootstrapToken,
                    Child = child.CreateAdminConfiguration(),
                    StatusCollectPeriod = TimeSpan.FromMilliseconds(200),
                    StatusReportPeriod = TimeSpan.FromSeconds(1),
                    HeartbeatLeaseRenewPeriod = TimeSpan.FromMilliseconds(500),
                    RetryPeriod = TimeSpan.FromMilliseconds(200),
                    Tunnel = false,
                });
                agents.Add(agent);
                await agent.StartAsync(CancellationToken.None);
            }

            var clusternet = new ClusternetClient(parent.Admin);
            var registered = await Eventually.ValueAsync(async () =>
            {
                var list = await clusternet.ClustersV1Beta1.ManagedClusters(null).ListAsync();
                var ready = list.Items.Where(c => c.Status?.Conditions?.Any(k => k.Type == ClusterConditionType.Ready && k.Status == "True") == true
                    && c.Status.Allocatable is not null).ToList();
                return ready.Count == 3 ? ready : null;
            }, TimeSpan.FromSeconds(60));

            Assert.Equal(3, registered.Select(c => c.Metadata.NamespaceProperty).Distinct().Count());
            Assert.Equal(
                cpus.Select(cpu => (2 * cpu).ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(),
                registered.Select(c => c.Status!.Allocatable!["cpu"].ToString()).Order());
            Assert.All(registered, c => Assert.Equal(agents.Select(a => a.Status.ClusterId).Single(id => id == c.Spec.ClusterId), c.Spec.ClusterId));

            // The first agent goes silent: its heartbeat Lease and status stop, and the lifecycle controller notices.
            var silent = registered.Single(c => c.Spec.ClusterId == agents[0].Status.ClusterId);
            await agents[0].StopAsync(CancellationToken.None);
            var lost = await Eventually.ValueAsync(async () =>
            {
                var cluster = await clusternet.ClustersV1Beta1.ManagedClusters(silent.Metadata.NamespaceProperty).GetAsync(silent.Metadata.Name);
                // The condition (status) and the taint (spec) are separate writes, as upstream's: wait for both.
                return cluster.Status?.Conditions?.Any(k => k.Type == ClusterConditionType.Ready && k.Status == "Unknown") == true
                    && cluster.Spec.Taints?.Any(t => t.Key == ClusternetTaints.Unschedulable) == true ? cluster : null;
            }, TimeSpan.FromSeconds(60));
            Assert.Contains(lost.Spec.Taints!, t => t.Key == ClusternetTaints.Unschedulable);
        }
        finally
        {
            foreach (var agent in agents)
            {
                await agent.StopAsync(CancellationToken.None);
                agent.Dispose();
            }

            foreach (var child in children)
            {
                await child.DisposeAsync();
            }
        }
    }
}
