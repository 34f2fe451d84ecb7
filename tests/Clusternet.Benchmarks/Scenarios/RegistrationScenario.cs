using System.Collections.Concurrent;
using System.Diagnostics;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Simulation;
using Clusternet.Known;
using Clusternet.Runtime.Agent;
using Clusternet.Runtime.ControllerManager;
using Clusternet.Runtime.Crds;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// Registration latency of a fleet that registers at once: one parent (embedded, in memory) with the Clusternet CRDs,
/// a bootstrap token and the real controller manager, and 100 real agents (20 with --quick) started together. Each
/// agent's time is from its start to the first watch event in which its ManagedCluster has Ready=True.
/// </summary>
/// <remarks>
/// The agents share one child API server (100 embedded child planes do not fit two cores beside the parent), but each has
/// its own leader-election Lease in its own namespace there. The Lease's uid is the cluster id and the agent keeps its
/// <c>parent-cluster</c> Secret in that namespace, so every agent is a distinct cluster to the parent, exactly as 100
/// child clusters would be. Agent periods are upstream's defaults (the status collector's first collection runs at
/// once); only the tunnel is off, which registration does not wait for.
/// </remarks>
internal sealed class RegistrationScenario : IScenario
{
    private const string TokenId = "b3c4d5";
    private const string TokenSecret = "0123456789abcdef";

    public string Name => "registration";

    public string Description => "agent start -> ManagedCluster Ready, 100 agents at once (20 with --quick): p99 (<= 1 s)";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("REGBENCH_COUNT"), out var n) ? n : report.Quick ? 20 : 100;
        var workers = int.TryParse(Environment.GetEnvironmentVariable("REGBENCH_WORKERS"), out var w) ? w : new ClusternetControllerManagerOptions().Workers;
        var retry = double.TryParse(Environment.GetEnvironmentVariable("REGBENCH_RETRY_S"), System.Globalization.CultureInfo.InvariantCulture, out var r)
            ? TimeSpan.FromSeconds(r) : new ClusternetAgentOptions().RetryPeriod;

        await using var parent = await Plane.StartAsync(new PlaneOptions(), cancellationToken);
        using var admin = new Kubernetes(parent.CreateAdminConfiguration());
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
        }

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

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("REGBENCH_LOG") is not null)
        {
            builder.Logging.AddSimpleConsole(o => { o.TimestampFormat = "HH:mm:ss.fff "; o.SingleLine = true; }).SetMinimumLevel(Environment.GetEnvironmentVariable("REGBENCH_LOG") == "info" ? LogLevel.Information : LogLevel.Warning);
        }
        builder.Services.AddClusternetControllerManager(options =>
        {
            options.Parent = parent.CreateAdminConfiguration();
            options.ApplyBootstrapRbac = true;
            options.LeaderElection = false;
            options.Workers = workers;
        });
        using var controllerManager = builder.Build();
        await controllerManager.StartAsync(cancellationToken);
        await WaitForBootstrapRbacAsync(parent, cancellationToken);

        await using var child = await Plane.StartAsync(new PlaneOptions
        {
            Simulation = new SimulationOptions { Nodes = SimulatedNode.Pool(3, new SimulatedNode("node") { Cpu = "8", Memory = "32Gi" }) },
        }, cancellationToken);

        // Ready times by cluster id, from one watch of every ManagedCluster in the parent.
        var ready = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clusters = new ClusternetClient(admin).ClustersV1Beta1.ManagedClusters(null);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var watch = Task.Run(async () =>
        {
            var list = await clusters.ListAsync(cancellationToken: watching.Token);
            opened.SetResult();
            await foreach (var e in clusters.WatchAsync(new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }, watching.Token))
            {
                var now = Stopwatch.GetTimestamp();
                if (e.Object.Status?.Conditions?.Any(c => c.Type == ClusterConditionType.Ready && c.Status == "True") == true && e.Object.Spec?.ClusterId is { } id)
                {
                    ready.TryAdd(id, now);
                }
            }
        }, watching.Token);
        await opened.Task;

        // Approval times by cluster id, from a watch of the registration requests.
        var approved = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var requests = new ClusternetClient(admin).ClustersV1Beta1.ClusterRegistrationRequests();
        var requestsOpened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requestWatch = Task.Run(async () =>
        {
            var list = await requests.ListAsync(cancellationToken: watching.Token);
            requestsOpened.SetResult();
            await foreach (var e in requests.WatchAsync(new WatchOptions { ResourceVersion = list.Metadata.ResourceVersion }, watching.Token))
            {
                if (e.Object.Status?.Result == ApprovedResult.Approved && e.Object.Spec?.ClusterId is { } id)
                {
                    approved.TryAdd(id, Stopwatch.GetTimestamp());
                }
            }
        }, watching.Token);
        await requestsOpened.Task;

        ClusternetAgent NewAgent(string suffix) => new(new ClusternetAgentOptions
        {
            ParentUrl = parent.BaseAddress,
            BootstrapToken = $"{TokenId}.{TokenSecret}",
            Child = child.CreateAdminConfiguration(),
            ClusterName = $"bench-{suffix}",
            Tunnel = false,
            RetryPeriod = retry,
            LeaderElection = new ClusternetAgentLeaderElectionOptions { Namespace = $"bench-agent-{suffix}" },
        });

        // Unless REGBENCH_COLD=1, batches of ten clusters register until the JIT settles (at most ten batches); their
        // agents then stop, so they add no load, and the process idles until background tier-up is done. The figures are
        // then those of a parent and controller manager that have been running, as they are when a fleet joins; in a
        // real fleet each agent also compiles in its own cluster, not on the parent's cores. A cold process measures
        // tiered compilation as much as registration.
        var cold = Environment.GetEnvironmentVariable("REGBENCH_COLD") is "1" or "true";
        var warmAgents = new List<ClusternetAgent>();
        (TimeSpan Took, long Compiled, bool Settled) warmUp = default;
        if (!cold)
        {
            warmUp = await JitWarmUp.RunAsync(async ct =>
            {
                var batch = Enumerable.Range(warmAgents.Count, 10).Select(i => NewAgent($"warm-{i:D3}")).ToArray();
                warmAgents.AddRange(batch);
                foreach (var agent in batch)
                {
                    await agent.StartAsync(ct);
                }

                var batchDeadline = Stopwatch.StartNew();
                while (!batch.All(a => a.Status.ClusterId is { } id && ready.ContainsKey(id)))
                {
                    if (batchDeadline.Elapsed > TimeSpan.FromMinutes(1))
                    {
                        throw new TimeoutException("a warm-up batch did not become Ready");
                    }

                    await Task.Delay(20, ct);
                }

                // A pause lets tiered compilation promote what the batch ran (it waits while new methods keep coming).
                await JitWarmUp.SettleAsync(TimeSpan.FromSeconds(3), ct);
            }, TimeSpan.FromSeconds(report.Quick ? 15 : 90), cancellationToken, quietMethods: 50, maxRounds: 10);
            await Task.WhenAll(warmAgents.Select(a => a.StopAsync(cancellationToken)));
            warmUp.Settled = await JitWarmUp.SettleAsync(TimeSpan.FromSeconds(15), cancellationToken);

            // The warm-up's garbage is collected now, as a running process would have done by the time a fleet joins,
            // rather than in a full collection in the middle of the measured burst.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        var agents = Enumerable.Range(0, count).Select(i => NewAgent($"{i:D3}")).ToArray();
        var started = new long[count];
        var identified = new long[count];
        var registered = new long[count];
        for (var i = 0; i < count; i++)
        {
            var index = i;
            agents[i].StatusChanged += s =>
            {
                if (s.ClusterId is not null)
                {
                    Interlocked.CompareExchange(ref identified[index], Stopwatch.GetTimestamp(), 0);
                }

                if (s.Phase == ClusternetAgentPhase.Registered)
                {
                    Interlocked.CompareExchange(ref registered[index], Stopwatch.GetTimestamp(), 0);
                }
            };
        }

        // Diagnostics only: REGBENCH_PROFILE=1 prints the pid and pauses before the burst, so that a profiler
        // (perf record -p, dotnet-trace) can be attached to exactly the measured burst.
        var profile = Environment.GetEnvironmentVariable("REGBENCH_PROFILE") is "1";
        if (profile)
        {
            Console.WriteLine($"PROFILE pid {Environment.ProcessId}: the burst of {count} registrations starts in 2 s");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        }

        // Diagnostics only: REGBENCH_ALLOC=1 prints the types the burst allocated most, from sampled allocation events.
        using var allocations = Environment.GetEnvironmentVariable("REGBENCH_ALLOC") is "1" ? new AllocationSampler() : null;
        allocations?.Start();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcPauseBefore = GC.GetTotalPauseDuration();
        var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        var total = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < count; i++)
            {
                started[i] = Stopwatch.GetTimestamp();
                await agents[i].StartAsync(cancellationToken);
            }

            var deadline = TimeSpan.FromMinutes(3);
            while (!agents.All(a => a.Status.ClusterId is { } id && ready.ContainsKey(id)))
            {
                if (total.Elapsed > deadline)
                {
                    throw new TimeoutException($"{agents.Count(a => a.Status.ClusterId is { } id && ready.ContainsKey(id))} of {count} clusters Ready after {deadline}");
                }

                await Task.Delay(50, cancellationToken);
            }

            var all = total.Elapsed;
            if (profile)
            {
                Console.WriteLine("PROFILE end");
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            if (allocations is not null)
            {
                foreach (var (type, bytes) in allocations.Stop(40))
                {
                    Console.WriteLine($"ALLOC {bytes / count / 1024,6} KiB/cluster  {type}");
                }
            }

            var latencies = agents.Select((a, i) => Stopwatch.GetElapsedTime(started[i], ready[a.Status.ClusterId!]).TotalMilliseconds).Order().ToArray();
            double P(double q) => latencies[Math.Max(0, (int)Math.Ceiling(q * latencies.Length) - 1)];
            report.Row("clusters registering at once", count.ToString(System.Globalization.CultureInfo.InvariantCulture), $"workers {workers}, agent retry {retry.TotalSeconds:0.###} s, {(cold ? "cold process" : $"after {warmAgents.Count} warm-up clusters ({warmUp.Took.TotalSeconds:F0} s, {warmUp.Compiled} methods compiled{(warmUp.Settled ? "" : ", still compiling")})")}");
            report.Row("distinct cluster ids", agents.Select(a => a.Status.ClusterId).Distinct().Count().ToString(System.Globalization.CultureInfo.InvariantCulture));
            double Median(Func<int, double> of) => Enumerable.Range(0, count).Select(of).Order().ElementAt(count / 2);
            report.Row("start -> cluster id (Lease held), p50", $"{Median(i => Stopwatch.GetElapsedTime(started[i], identified[i]).TotalMilliseconds):F0} ms");
            report.Row("cluster id -> request Approved (parent), p50", $"{Median(i => Stopwatch.GetElapsedTime(identified[i], approved[agents[i].Status.ClusterId!]).TotalMilliseconds):F0} ms");
            report.Row("cluster id -> request Approved (parent), max", $"{Enumerable.Range(0, count).Max(i => Stopwatch.GetElapsedTime(identified[i], approved[agents[i].Status.ClusterId!]).TotalMilliseconds):F0} ms");
            report.Row("cluster id -> approved credentials, p50", $"{Median(i => Stopwatch.GetElapsedTime(identified[i], registered[i]).TotalMilliseconds):F0} ms");
            report.Row("credentials -> Ready seen, p50", $"{Median(i => Stopwatch.GetElapsedTime(registered[i], ready[agents[i].Status.ClusterId!]).TotalMilliseconds):F0} ms");
            report.Row("start -> Ready p50", $"{P(0.50):F0} ms");
            report.Row("start -> Ready p99", $"{P(0.99):F0} ms", "goal <= 1,000 ms");
            report.Row("start -> Ready max", $"{latencies[^1]:F0} ms");
            report.Row("all Ready after", $"{all.TotalMilliseconds:F0} ms");
            // CPU of the whole process (parent, child, controller manager, agents) from the first start to all Ready:
            // steadier than wall-clock figures on a shared machine, and what bounds them on two cores.
            report.Row("process CPU until all Ready", $"{cpu.TotalMilliseconds:F0} ms", $"{cpu.TotalMilliseconds / count:F1} ms per cluster");
            report.Row("GC meanwhile: pauses, collections gen0/1/2", $"{(GC.GetTotalPauseDuration() - gcPauseBefore).TotalMilliseconds:F0} ms", $"{GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3}, {(GC.GetTotalAllocatedBytes() - allocatedBefore) / count / 1024} KiB allocated per cluster");
            return new Dictionary<string, double>
            {
                ["register_p50_ms"] = P(0.50),
                ["register_p99_ms"] = P(0.99),
                ["register_max_ms"] = latencies[^1],
            };
        }
        finally
        {
            await Task.WhenAll(agents.Concat(warmAgents).Select(a => a.StopAsync(CancellationToken.None)));
            foreach (var agent in agents.Concat(warmAgents))
            {
                agent.Dispose();
            }

            await watching.CancelAsync();
            await watch.ContinueWith(static _ => { }, TaskScheduler.Default);
            await requestWatch.ContinueWith(static _ => { }, TaskScheduler.Default);
            await controllerManager.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitForBootstrapRbacAsync(Plane parent, CancellationToken cancellationToken)
    {
        using var bootstrap = new Kubernetes(parent.CreateConfiguration($"{TokenId}.{TokenSecret}"));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var review = await bootstrap.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { Verb = "create", Group = ClusterRegistrationRequest.KubeGroup, Resource = ClusterRegistrationRequest.KubePluralName },
                },
            }, cancellationToken: cancellationToken);
            if (review.Status.Allowed)
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("the controller manager did not apply the bootstrap RBAC");
            }

            await Task.Delay(50, cancellationToken);
        }
    }
}
