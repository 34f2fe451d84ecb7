using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

public class SimulatedWorkloadTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    [Fact]
    public async Task NodeSelectorPlacesThePodOnAMatchingNode()
    {
        var ns = await fixture.NewNamespaceAsync();

        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("ssd", new Dictionary<string, string> { ["disk"] = "ssd" }), ns);

        var pod = await SimulationFixture.EventuallyAsync(() => fixture.Client.CoreV1.ReadNamespacedPodAsync("ssd", ns), p => p.Status?.Phase == "Running", "a running pod");
        Assert.Equal("sim-3", pod.Spec.NodeName);
    }

    [Fact]
    public async Task NodeSelectorMatchingNoNodeLeavesThePodUnschedulable()
    {
        var ns = await fixture.NewNamespaceAsync();

        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("nowhere", new Dictionary<string, string> { ["disk"] = "tape" }), ns);

        var pod = await SimulationFixture.EventuallyAsync(
            () => fixture.Client.CoreV1.ReadNamespacedPodAsync("nowhere", ns),
            p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled") == true,
            "a scheduling decision");
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector.", pod.Status.Conditions.Single(c => c.Type == "PodScheduled").Message);
    }

    [Fact]
    public async Task BindingAnAssignedPodIsAConflict()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(Pod("bound", new Dictionary<string, string> { ["disk"] = "ssd" }), ns);
        await SimulationFixture.EventuallyAsync(() => fixture.Client.CoreV1.ReadNamespacedPodAsync("bound", ns), p => p.Spec.NodeName is not null, "a bound pod");

        var (code, body) = await fixture.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/bound/binding",
            "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"sim-1\"}}");

        Assert.Equal(409, code);
        Assert.Equal("Operation cannot be fulfilled on pods \"bound\": pod bound is already assigned to node \"sim-3\"", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task StatefulSetCreatesOrderedPodsAndReportsReady()
    {
        var ns = await fixture.NewNamespaceAsync();
        var set = new V1StatefulSet
        {
            Metadata = new V1ObjectMeta { Name = "db" },
            Spec = new V1StatefulSetSpec
            {
                Replicas = 3,
                ServiceName = "db",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } },
                Template = SimulationFixture.Template("db"),
            },
        };

        await fixture.Client.AppsV1.CreateNamespacedStatefulSetAsync(set, ns);

        var status = (await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedStatefulSetAsync("db", ns), s => s.Status?.ReadyReplicas == 3, "a ready statefulset")).Status;
        Assert.Equal((3, 3, 3), (status.Replicas, status.AvailableReplicas, status.UpdatedReplicas ?? 0));
        Assert.Equal(status.CurrentRevision, status.UpdateRevision);
        var pods = await fixture.PodsAsync(ns);
        Assert.Equal(["db-0", "db-1", "db-2"], pods.Select(p => p.Metadata.Name).Order());
        Assert.All(pods, p => Assert.Equal(p.Metadata.Name, p.Spec.Hostname));
        var creation = pods.OrderBy(p => p.Metadata.Name).Select(p => p.Metadata.CreationTimestamp).ToList();
        Assert.Equal(creation.Order(), creation);
    }

    [Fact]
    public async Task DaemonSetRunsOnePodPerEligibleNode()
    {
        var ns = await fixture.NewNamespaceAsync();
        var set = new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "agent" },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
                Template = SimulationFixture.Template("agent"),
            },
        };

        await fixture.Client.AppsV1.CreateNamespacedDaemonSetAsync(set, ns);

        var status = (await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", ns), s => s.Status?.NumberReady == 3, "a ready daemonset")).Status;
        Assert.Equal((3, 3, 0, 3, 3), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberMisscheduled, status.NumberAvailable ?? 0, status.UpdatedNumberScheduled ?? 0));
        Assert.Equal(SimulationFixture.NodeNames, (await fixture.PodsAsync(ns)).Select(p => p.Spec.NodeName).Order());
    }

    [Fact]
    public async Task DaemonSetNodeSelectorLimitsTheNodes()
    {
        var ns = await fixture.NewNamespaceAsync();
        var set = new V1DaemonSet
        {
            Metadata = new V1ObjectMeta { Name = "ssd-agent" },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "ssd-agent" } },
                Template = SimulationFixture.Template("ssd-agent", nodeSelector: new Dictionary<string, string> { ["disk"] = "ssd" }),
            },
        };

        await fixture.Client.AppsV1.CreateNamespacedDaemonSetAsync(set, ns);

        var status = (await SimulationFixture.EventuallyAsync(() => fixture.Client.AppsV1.ReadNamespacedDaemonSetAsync("ssd-agent", ns), s => s.Status?.NumberReady == 1, "one ready daemon pod")).Status;
        Assert.Equal(1, status.DesiredNumberScheduled);
        Assert.Equal("sim-3", Assert.Single(await fixture.PodsAsync(ns)).Spec.NodeName);
    }

    [Fact]
    public async Task JobPodsSucceedAndTheJobCompletes()
    {
        var ns = await fixture.NewNamespaceAsync();
        var template = SimulationFixture.Template("batch");
        template.Spec.RestartPolicy = "Never";
        var job = new V1Job { Metadata = new V1ObjectMeta { Name = "once" }, Spec = new V1JobSpec { Completions = 2, Parallelism = 1, Template = template } };

        await fixture.Client.BatchV1.CreateNamespacedJobAsync(job, ns);

        var status = (await SimulationFixture.EventuallyAsync(() => fixture.Client.BatchV1.ReadNamespacedJobAsync("once", ns), j => j.Status?.CompletionTime is not null, "a complete job")).Status;
        Assert.Equal(2, status.Succeeded);
        Assert.Null(status.Active);
        Assert.NotNull(status.StartTime);
        var complete = status.Conditions.Single(c => c.Type == "Complete");
        Assert.Equal(("True", "CompletionsReached"), (complete.Status, complete.Reason));
        var pods = await fixture.PodsAsync(ns);
        Assert.Equal(2, pods.Count);
        Assert.All(pods, p =>
        {
            Assert.Equal("Succeeded", p.Status.Phase);
            Assert.Equal(("Completed", 0), (p.Status.ContainerStatuses[0].State.Terminated.Reason, p.Status.ContainerStatuses[0].State.Terminated.ExitCode));
            Assert.Equal("once", p.Metadata.Labels["job-name"]);
        });
    }

    private static V1Pod Pod(string name, IDictionary<string, string> nodeSelector) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = SimulationFixture.Template(name, nodeSelector: nodeSelector).Spec,
    };
}
