using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Clusternet.Clients;
using Clusternet.Runtime.Tests.Agent.Support;
using Clusternet.Runtime.Tests.Fleet.Support;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Fleet;

/// <summary>
/// The hub restarting (issue 5 "Faults", issue 6 "Tunnel faults"): every agent dials back, every child reached only
/// through its tunnel is reachable through the hub again within seconds, a <c>ForCluster</c> client keeps working
/// (failing only with 503 Status objects meanwhile), and a watch cut by the restart can be resumed without losing events.
/// </summary>
public sealed class HubRestartTests(RestartableHubFleet fleet) : IClassFixture<RestartableHubFleet>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Every_agent_reconnects_and_every_child_is_reachable_through_its_tunnel_again()
    {
        // A namespace that exists only in each child: reading it through the hub proves which cluster answered.
        var marker = "restart-" + Guid.NewGuid().ToString("N")[..6];
        foreach (var (_, admin, agent) in fleet.Children)
        {
            await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = marker, Labels = new Dictionary<string, string> { ["cluster"] = agent.Status.ClusterId! } } });
        }

        var ids = fleet.Children.Select(c => c.Agent.Status.ClusterId!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        await Task.WhenAll(ids.Select(id => fleet.WaitReachableAsync(id, Generous)));

        await fleet.StopHubAsync();
        await Task.WhenAll(fleet.Children.Select(c => c.Agent.WaitForAsync(s => !s.TunnelConnected, Generous)));
        var restarted = Stopwatch.StartNew();
        await fleet.StartHubAsync();

        await Task.WhenAll(fleet.Children.Select(c => c.Agent.WaitForAsync(s => s.TunnelConnected, Generous)));
        await Task.WhenAll(ids.Select(id => fleet.WaitReachableAsync(id, Generous)));
        var elapsed = restarted.Elapsed;

        foreach (var id in ids)
        {
            using var child = fleet.ThroughHub(id);
            var read = await child.CoreV1.ReadNamespaceAsync(marker);
            Assert.Equal(id, read.Metadata.Labels["cluster"]);
        }

        // The hub may not dial children directly (AllowDirectProxy = false), and every cluster says it is reached by socket.
        var clusters = await new ClusternetClient(fleet.ParentAdmin).ClustersV1Beta1.ManagedClusters(null).ListAsync();
        Assert.All(ids, id => Assert.True(clusters.Items.Single(c => c.Spec.ClusterId == id).Status?.UseSocket, $"cluster {id} does not use its socket"));

        // Agents back off at most 5 s (jittered) between dials; three of them plus the aggregator noticing the hub again
        // fit well within 20 s even on a loaded machine.
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"every child was reachable again only after {elapsed}");
    }

    [Fact]
    public async Task A_ForCluster_client_answers_only_503_Status_while_the_session_is_down_and_works_again_after_the_restart()
    {
        var (_, admin, agent) = fleet.Children[0];
        var clusterId = agent.Status.ClusterId!;
        var ns = "forcluster-" + Guid.NewGuid().ToString("N")[..6];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "before" } }, ns);
        await fleet.WaitReachableAsync(clusterId, Generous);

        // One client for the whole test, as an application would keep it.
        using var child = fleet.ThroughHub(clusterId);
        Assert.Contains((await child.CoreV1.ListNamespacedConfigMapAsync(ns)).Items, c => c.Metadata.Name == "before");

        await fleet.RestartHubAsync();

        using var deadline = new CancellationTokenSource(Generous);
        V1ConfigMapList? listed = null;
        while (listed is null)
        {
            try
            {
                listed = await child.CoreV1.ListNamespacedConfigMapAsync(ns, cancellationToken: deadline.Token);
            }
            catch (HttpOperationException error)
            {
                // While the agent has not dialled back the hub answers 503 with a Status; so does the aggregator while
                // it still considers the restarted hub unavailable. Anything else is a failure.
                Assert.True(error.Response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)error.Response.StatusCode}: {error.Response.Content}");
                var status = JsonNode.Parse(error.Response.Content)!;
                Assert.Equal("Status", (string?)status["kind"]);
                Assert.Equal(503, (int?)status["code"]);
                await agent.WaitForAsync(s => s.TunnelConnected, Generous);

                // Nothing to await for the aggregator's view of the hub: poll gently.
                await Task.Delay(100, deadline.Token);
            }
        }

        Assert.Contains(listed.Items, c => c.Metadata.Name == "before");
        await child.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after" } }, ns, cancellationToken: deadline.Token);
        Assert.NotNull(await admin.CoreV1.ReadNamespacedConfigMapAsync("after", ns));
    }

    [Fact]
    public async Task A_watch_cut_by_the_restart_ends_with_an_error_and_resumes_from_its_last_resource_version()
    {
        var (_, admin, agent) = fleet.Children[1];
        var clusterId = agent.Status.ClusterId!;
        var ns = "rewatch-" + Guid.NewGuid().ToString("N")[..6];
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await fleet.WaitReachableAsync(clusterId, Generous);
        using var child = fleet.ThroughHub(clusterId);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        string lastResourceVersion;
        await using (var events = child.CoreV1.WatchListNamespacedConfigMapAsync(ns, cancellationToken: deadline.Token).GetAsyncEnumerator(deadline.Token))
        {
            await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "seen" } }, ns);
            Assert.True(await events.MoveNextAsync());
            Assert.Equal((WatchEventType.Added, "seen"), (events.Current.Item1, events.Current.Item2.Metadata.Name));
            lastResourceVersion = events.Current.Item2.Metadata.ResourceVersion;

            await fleet.StopHubAsync();
            var error = await Record.ExceptionAsync(async () =>
            {
                while (await events.MoveNextAsync())
                {
                    Assert.Fail($"unexpected event {events.Current.Item1} {events.Current.Item2.Metadata.Name} after the hub stopped");
                }
            });
            Assert.False(deadline.IsCancellationRequested, "the stream should end because the hub went away, not by the test's timeout");
            Assert.NotNull(error);
        }

        // Changes made while nobody watches.
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "missed-1" } }, ns);
        await admin.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "missed-2" } }, ns);
        await admin.CoreV1.DeleteNamespacedConfigMapAsync("seen", ns);

        await fleet.StartHubAsync();
        await agent.WaitForAsync(s => s.TunnelConnected, Generous);

        // Resume as a client would: re-watch from the last resourceVersion, retrying while the hub answers 503.
        var received = new List<(WatchEventType, string)>();
        while (received.Count < 3)
        {
            try
            {
                await foreach (var (type, item) in child.CoreV1.WatchListNamespacedConfigMapAsync(ns, resourceVersion: lastResourceVersion, cancellationToken: deadline.Token))
                {
                    received.Add((type, item.Metadata.Name));
                    lastResourceVersion = item.Metadata.ResourceVersion;
                    if (received.Count == 3)
                    {
                        break;
                    }
                }
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.ServiceUnavailable && !deadline.IsCancellationRequested)
            {
                // The aggregator may still consider the restarted hub unavailable; nothing to await for that.
                await Task.Delay(100, deadline.Token);
            }
        }

        Assert.Equal([(WatchEventType.Added, "missed-1"), (WatchEventType.Added, "missed-2"), (WatchEventType.Deleted, "seen")], received);
    }
}
