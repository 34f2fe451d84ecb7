using Clusternet.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.Crds;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// Fleet scale: what the hub and the controller manager cost per registered cluster, in memory and in CPU, with every
/// cluster's tunnel live and its heartbeats at upstream's default periods (status collect 20 s, report 3 min, parent
/// heartbeat Lease 10 s, tunnel ping 5 s).
/// </summary>
/// <remarks>
/// <para>
/// The hub and the controller manager run in a process of their own (<see cref="FleetScaleHost"/>), so their CPU time
/// (from /proc) and heap (asked after full collections) exclude the parent's, the child's and the agents'. This process
/// holds the parent (embedded, in memory, with the Clusternet CRDs and a bootstrap token), one simulated child shared by
/// every agent (the issue allows it), and the agents.
/// </para>
/// <para>
/// The agents are <see cref="FleetAgent"/>s: the real agent's registration, reporter, heartbeat Lease and tunnel classes
/// over real HTTPS, each with its own cluster id, dedicated credentials and connections, minus the leader election and
/// per-agent status collection, which load only the child (one shared collector stands in for them). Real
/// <see cref="ClusternetAgent"/>s would add per agent a Lease renewal every 2 s and a node watch against the child —
/// 1,000 of those beside the parent do not fit two cores, and neither reaches the hub or the controller manager.
/// </para>
/// <para>
/// The fleet grows in steps (100, 300, 1,000; 100 with --quick; <c>FLEET_SCALE_STEPS=100,300,1000,3000</c> for more).
/// At each step the new clusters register (concurrency <c>FLEET_SCALE_CONCURRENCY</c>, default 50), report and renew
/// their Leases; the host's heap is read once without their tunnels and once with them, which splits what a cluster
/// costs the controller manager's caches from what its tunnel session costs the hub; then CPU is measured over a
/// steady window (60 s, 10 s with --quick, <c>FLEET_SCALE_WINDOW_S</c>). The metrics are the last step's; the slope
/// between steps projects the fleet towards 10,000. With --quick (100 clusters) the heap per cluster is mostly the
/// one-time cost of the first clusters (serializer and pool caches, JIT-time statics: about 5 MiB), so it reads high;
/// the marginal cost printed per step, and the full run, are the figures to quote.
/// </para>
/// </remarks>
internal sealed class FleetScaleScenario : IScenario
{
    private const string TokenId = "f1ee75";
    private const string TokenSecret = "0123456789abcdef";

    public string Name => "fleet-scale";

    public string Description => "1,000 clusters (100 with --quick) with tunnels and default heartbeats: hub + controller manager heap per cluster (<= 50 KiB) and CPU share of one core (<= 0.10)";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        var steps = Environment.GetEnvironmentVariable("FLEET_SCALE_STEPS") is { Length: > 0 } s
            ? s.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray()
            : report.Quick ? [100] : [100, 300, 1000];
        var window = TimeSpan.FromSeconds(double.TryParse(Environment.GetEnvironmentVariable("FLEET_SCALE_WINDOW_S"), CultureInfo.InvariantCulture, out var ws) ? ws : report.Quick ? 10 : 60);
        var settle = TimeSpan.FromSeconds(report.Quick ? 2 : 10);
        var concurrency = int.TryParse(Environment.GetEnvironmentVariable("FLEET_SCALE_CONCURRENCY"), out var c) ? c : 50;

        await using var parent = await Plane.StartAsync(new PlaneOptions(), cancellationToken);
        using var admin = new Kubernetes(parent.CreateAdminConfiguration());
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }

        await CreateBootstrapTokenAsync(admin, cancellationToken);
        var kubeconfig = Path.Combine(Path.GetTempPath(), $"fleet-scale-{Environment.ProcessId}.kubeconfig");
        await parent.WriteKubeconfigAsync(kubeconfig, cancellationToken);
        var port = TestHub.FreePort();
        await using var host = new FleetScaleHostProcess(FleetScaleHost.Launch(kubeconfig, port));
        var agents = new List<FleetAgent>();
        var logger = new CountingLogger();
        try
        {
            await host.WaitReadyAsync(cancellationToken);
            await WaitAsync("the hub's APIService Available", TimeSpan.FromSeconds(60), async () =>
            {
                try
                {
                    var service = await admin.ApiregistrationV1.ReadAPIServiceAsync("v1alpha1.proxies.clusternet.io", cancellationToken: cancellationToken);
                    return service.Status?.Conditions?.Any(x => x.Type == "Available" && x.Status == "True") == true;
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }
            }, cancellationToken);
            await WaitForBootstrapRbacAsync(parent, cancellationToken);

            await using var child = await Plane.StartAsync(new PlaneOptions
            {
                Simulation = new SimulationOptions { Nodes = SimulatedNode.Pool(3, new SimulatedNode("node") { Cpu = "8", Memory = "32Gi" }) },
            }, cancellationToken);
            using var childClient = new Kubernetes(child.CreateAdminConfiguration());
            var template = new ClusternetAgentOptions
            {
                ParentUrl = parent.BaseAddress,
                BootstrapToken = $"{TokenId}.{TokenSecret}",
                ParentCertificateAuthority = [parent.CertificateAuthority],
                Child = child.CreateAdminConfiguration(),
            };
            await using var collector = new ClusterStatusCollector(template, childClient, NullLoggerFactory.Instance, logger) { Tunnel = true };
            using var collecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var collection = collector.RunAsync(collecting.Token);

            await Task.Delay(settle, cancellationToken);
            var baseline = await host.HeapAsync(cancellationToken);
            var baseRss = host.RssBytes();
            var idle = await MeasureCpuAsync(host, agents, report.Quick ? TimeSpan.FromSeconds(3) : TimeSpan.FromSeconds(15), cancellationToken);
            report.Row("host at 0 clusters: heap / RSS", $"{Mib(baseline.Total)} / {Mib(baseRss)}", $"idle CPU {idle.Fraction:P2} of one core; gen2 {Mib(baseline.Gen2)}, LOH {Mib(baseline.Loh)}, POH {Mib(baseline.Poh)}");

            var results = new List<StepResult>();
            var previousHeap = baseline;
            foreach (var target in steps)
            {
                var added = Enumerable.Range(agents.Count, target - agents.Count).Select(i => new FleetAgent(template with
                {
                    ClusterName = $"fleet-{i:D5}",
                    LeaderElection = new ClusternetAgentLeaderElectionOptions { Namespace = $"fleet-agent-{i:D5}" },
                }, childClient, collector, logger)).ToList();
                await ForEachAsync(added.Select((_, k) => agents.Count + k), 32, async (i, ct) =>
                    await childClient.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = $"fleet-agent-{i:D5}" } }, cancellationToken: ct), cancellationToken);
                agents.AddRange(added);

                var registering = Stopwatch.StartNew();
                var registered = 0;
                var work = ForEachAsync(added, concurrency, async (agent, ct) =>
                {
                    await agent.RegisterAsync(ct);
                    agent.StartHeartbeats();
                    Interlocked.Increment(ref registered);
                }, cancellationToken);
                while (await Task.WhenAny(work, Task.Delay(5000, cancellationToken)) != work)
                {
                    report.Heading($"    {target}: {Volatile.Read(ref registered)}/{added.Count} registered after {registering.Elapsed.TotalSeconds:F0} s ({logger.Count} agent warnings{(logger.Last is { } warning ? ", last: " + Cut(warning) : "")})");
                }

                await work;
                var registration = registering.Elapsed;
                await WaitAsync($"{target} clusters reported", TimeSpan.FromMinutes(2), () => Task.FromResult(agents.All(a => a.Reports > 0)), cancellationToken);
                await Task.Delay(settle, cancellationToken);
                var withoutTunnels = await host.HeapAsync(cancellationToken);
                if (Environment.GetEnvironmentVariable("FLEET_SCALE_SPLIT_CPU") is not null)
                {
                    var before = await MeasureCpuAsync(host, agents, window, cancellationToken);
                    report.Row($"N = {target}: hub + CM CPU before the tunnels", $"{before.Fraction:P2}", $"{before.Reports} status reports in {before.Wall.TotalSeconds:F0} s");
                }


                var warningsBefore = logger.Count;
                var tunneling = Stopwatch.StartNew();
                foreach (var agent in added)
                {
                    agent.StartTunnel();
                }

                var ids = agents.Select(a => a.ClusterId).ToHashSet(StringComparer.Ordinal);
                await WaitAsync($"{target} tunnel sessions", TimeSpan.FromMinutes(3), async () => (await host.SessionsAsync(cancellationToken)).Count(ids.Contains) == target, cancellationToken);
                var tunnels = tunneling.Elapsed;
                await Task.Delay(settle, cancellationToken);
                var withTunnels = await host.HeapAsync(cancellationToken);
                var rss = host.RssBytes();
                var cpu = await MeasureCpuAsync(host, agents, window, cancellationToken);
                var result = new StepResult(target, added.Count, registration, tunnels, withoutTunnels, withTunnels, rss, cpu);
                results.Add(result);
                report.Row($"N = {target}: registered in / tunnels up in", $"{registration.TotalSeconds:F1} s / {tunnels.TotalSeconds:F1} s", $"{added.Count / registration.TotalSeconds:F1} registrations/s through the approver; {logger.Count - warningsBefore} agent warnings since the tunnels started");
                report.Row($"N = {target}: heap per cluster (whole fleet)", $"{(withTunnels.Total - baseline.Total) / (double)target / 1024:F1} KiB", $"RSS {(rss - baseRss) / (double)target / 1024:F1} KiB/cluster; heap {Mib(withTunnels.Total)}, RSS {Mib(rss)}");
                report.Row($"N = {target}: new clusters, controller manager side", $"{(withoutTunnels.Total - previousHeap.Total) / (double)added.Count / 1024:F1} KiB", "registered and reporting, no tunnel");
                report.Row($"N = {target}: new clusters, their tunnel sessions", $"{(withTunnels.Total - withoutTunnels.Total) / (double)added.Count / 1024:F1} KiB", $"of which POH (pinned I/O buffers) {(withTunnels.Poh - withoutTunnels.Poh) / (double)added.Count / 1024:F1} KiB");
                report.Row($"N = {target}: hub + CM CPU, share of one core", $"{cpu.Fraction:P2}", $"{cpu.Reports} status reports in {cpu.Wall.TotalSeconds:F0} s (expected {target * cpu.Wall.TotalSeconds / template.StatusReportPeriod.TotalSeconds:F0}); {cpu.Fraction / target * 1e6:F1} µs CPU per cluster-second");
                previousHeap = withTunnels;
            }

            if (double.TryParse(Environment.GetEnvironmentVariable("FLEET_SCALE_HOLD_S"), CultureInfo.InvariantCulture, out var hold))
            {
                // Time to look at the host with dotnet-trace or dotnet-gcdump.
                report.Heading($"    holding {hold} s; hub process {host.Id}");
                await Task.Delay(TimeSpan.FromSeconds(hold), cancellationToken);
            }

            var sessions = (await host.SessionsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
            var clusters = await new ClusternetClient(admin).ClustersV1Beta1.ManagedClusters(null).ListAsync(cancellationToken: cancellationToken);
            var ready = clusters.Items
                .Where(x => x.Status?.Conditions?.Any(k => k.Type == ClusterConditionType.Ready && k.Status == "True") == true)
                .Select(x => x.Spec.ClusterId)
                .ToHashSet(StringComparer.Ordinal);
            var live = agents.Count(a => ready.Contains(a.ClusterId) && sessions.Contains(a.ClusterId));
            var last = results[^1];
            var bytesPerCluster = (last.WithTunnels.Total - baseline.Total) / (double)last.Clusters;
            report.Row("clusters Ready with a live tunnel session", $"{live}/{agents.Count}", $"{logger.Count} agent warnings{(logger.Last is { } w ? ", last: " + Cut(w) : "")}");
            report.Row("bytes per cluster (hub + CM heap)", $"{bytesPerCluster / 1024:F1} KiB", "goal <= 50 KiB");
            report.Row("heartbeat CPU (hub + CM), share of one core", $"{last.Cpu.Fraction:P2}", "goal <= 10 %");
            var metrics = new Dictionary<string, double>
            {
                ["clusters"] = live,
                ["bytes_per_cluster"] = bytesPerCluster,
                ["heartbeat_cpu_fraction"] = last.Cpu.Fraction,
                ["rss_bytes_per_cluster"] = (last.Rss - baseRss) / (double)last.Clusters,
                ["registrations_per_s"] = last.Added / last.Registration.TotalSeconds,
            };
            if (results.Count > 1)
            {
                // Least squares over the steps: the marginal cost of one more cluster, and where 10,000 would land.
                var heapSlope = Slope(results.Select(r => ((double)r.Clusters, (double)r.WithTunnels.Total)));
                var cpuSlope = Slope(results.Select(r => ((double)r.Clusters, r.Cpu.Fraction)));
                var heapAt10k = last.WithTunnels.Total + (heapSlope * (10_000 - last.Clusters));
                var cpuAt10k = last.Cpu.Fraction + (cpuSlope * (10_000 - last.Clusters));
                report.Row("slope: heap per additional cluster", $"{heapSlope / 1024:F1} KiB", $"projected heap at 10,000: {Mib((long)heapAt10k)}");
                report.Row("slope: CPU per additional 1,000 clusters", $"{cpuSlope * 1000:P2}", $"projected at 10,000: {cpuAt10k:P1} of one core");
                metrics["bytes_per_cluster_slope"] = heapSlope;
                metrics["cpu_fraction_per_1000_clusters"] = cpuSlope * 1000;
            }

            foreach (var r in results)
            {
                metrics[$"bytes_per_cluster_{r.Clusters}"] = (r.WithTunnels.Total - baseline.Total) / (double)r.Clusters;
                metrics[$"heartbeat_cpu_fraction_{r.Clusters}"] = r.Cpu.Fraction;
            }

            await collecting.CancelAsync();
            await collection.ContinueWith(static _ => { }, TaskScheduler.Default);
            return metrics;
        }
        finally
        {
            await Task.WhenAll(agents.Select(a => a.DisposeAsync().AsTask()));
            File.Delete(kubeconfig);
        }
    }

    private static async Task<CpuWindow> MeasureCpuAsync(FleetScaleHostProcess host, List<FleetAgent> agents, TimeSpan window, CancellationToken cancellationToken)
    {
        var reports = agents.Sum(a => a.Reports);
        var cpu = host.CpuTime();
        var wall = Stopwatch.StartNew();
        await Task.Delay(window, cancellationToken);
        var used = host.CpuTime() - cpu;
        var elapsed = wall.Elapsed;
        return new CpuWindow(used.TotalSeconds / elapsed.TotalSeconds, elapsed, agents.Sum(a => a.Reports) - reports);
    }

    private static double Slope(IEnumerable<(double X, double Y)> points)
    {
        var p = points.ToList();
        var mx = p.Average(q => q.X);
        var my = p.Average(q => q.Y);
        var sxx = p.Sum(q => (q.X - mx) * (q.X - mx));
        return sxx == 0 ? 0 : p.Sum(q => (q.X - mx) * (q.Y - my)) / sxx;
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, int parallelism, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (item, ct) => await body(item, ct));

    private static async Task CreateBootstrapTokenAsync(Kubernetes admin, CancellationToken cancellationToken) =>
        await admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "bootstrap-token-" + TokenId, NamespaceProperty = "kube-system" },
            Type = "bootstrap.kubernetes.io/token",
            StringData = new Dictionary<string, string>
            {
                ["token-id"] = TokenId,
                ["token-secret"] = TokenSecret,
                ["usage-bootstrap-authentication"] = "true",
                ["auth-extra-groups"] = ClusternetNames.BootstrapTokenGroup,
            },
        }, "kube-system", cancellationToken: cancellationToken);

    private static async Task WaitForBootstrapRbacAsync(Plane parent, CancellationToken cancellationToken)
    {
        using var bootstrap = new Kubernetes(parent.CreateConfiguration($"{TokenId}.{TokenSecret}"));
        await WaitAsync("the controller manager's bootstrap RBAC", TimeSpan.FromSeconds(60), async () =>
        {
            var review = await bootstrap.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { Verb = "create", Group = ClusterRegistrationRequest.KubeGroup, Resource = ClusterRegistrationRequest.KubePluralName },
                },
            }, cancellationToken: cancellationToken);
            return review.Status.Allowed;
        }, cancellationToken);
    }

    private static async Task WaitAsync(string what, TimeSpan timeout, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds:F0} s for {what}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:F1} MiB";

    private static string Cut(string text) => text.Length > 320 ? text[..320] + "…" : text;

    private sealed record CpuWindow(double Fraction, TimeSpan Wall, int Reports);

    private sealed record StepResult(int Clusters, int Added, TimeSpan Registration, TimeSpan Tunnels, HostHeap WithoutTunnels, HostHeap WithTunnels, long Rss, CpuWindow Cpu);
}
