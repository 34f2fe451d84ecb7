using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>
/// A control plane simulating three nodes of 2 CPUs and 4Gi: <c>sim-1</c> and <c>sim-2</c> plain, <c>sim-3</c> labelled
/// <c>disk=ssd</c> with a node-feature-discovery label and an instance type. Heartbeats and resyncs are short so tests
/// converge quickly.
/// </summary>
public class SimulationFixture : ServerFixture
{
    public static readonly string[] NodeNames = ["sim-1", "sim-2", "sim-3"];

    protected override ControlPlaneOptions Options => base.Options with
    {
        Simulation = new SimulationOptions
        {
            Nodes =
            [
                .. SimulatedNode.Pool(2, new SimulatedNode("sim") { Cpu = "2", Memory = "4Gi" }),
                new SimulatedNode("sim-3")
                {
                    Cpu = "2",
                    Memory = "4Gi",
                    Pods = 20,
                    InstanceType = "m5.large",
                    Labels = new Dictionary<string, string> { ["disk"] = "ssd", ["feature.node.kubernetes.io/cpu-model.vendor_id"] = "Intel" },
                },
            ],
            HeartbeatPeriod = TimeSpan.FromMilliseconds(500),
            ResyncPeriod = TimeSpan.FromMilliseconds(500),
        },
    };

    public ClusterSimulation Simulation => Plane.Simulation!;

    /// <summary>Polls <paramref name="read"/> until <paramref name="done"/> holds, failing with the last value seen after 30 s.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}; last seen: {KubernetesJson.Serialize(value)}");
            }

            await Task.Delay(50);
        }
    }

    public Task<IList<V1Pod>> PodsAsync(string ns, string? labelSelector = null) =>
        Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector).ContinueWith(t => t.Result.Items, TaskScheduler.Default);

    public static V1PodTemplateSpec Template(string app, string? cpu = null, IDictionary<string, string>? nodeSelector = null) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app } },
        Spec = new V1PodSpec
        {
            NodeSelector = nodeSelector,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "nginx:1.27",
                    Resources = cpu is null ? null : new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new("64Mi") } },
                },
            ],
        },
    };

    public static V1Deployment Deployment(string name, int replicas, string? cpu = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = Template(name, cpu),
        },
    };
}
