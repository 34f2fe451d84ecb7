using System.Net;
using System.Reflection;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>What one collection found: the ManagedCluster status to report and the node labels to raise.</summary>
internal sealed record ClusterSnapshot(ManagedClusterStatus Status, IReadOnlyDictionary<string, string> AggregatedLabels);

/// <summary>
/// Collects the child's state every collect period (upstream §2.1) from an informer on Nodes and from <c>/version</c>,
/// <c>/healthz</c>, <c>/livez</c> and <c>/readyz</c>.
/// </summary>
internal sealed class ClusterStatusCollector : IAsyncDisposable
{
    private static readonly string AgentVersion =
        typeof(ClusterStatusCollector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0] ?? "v0.0.0";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    private readonly ClusternetAgentOptions _options;
    private readonly Kubernetes _child;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1Node> _nodes;
    private volatile ClusterSnapshot? _latest;

    public ClusterStatusCollector(ClusternetAgentOptions options, Kubernetes child, ILoggerFactory loggerFactory, ILogger logger)
    {
        _options = options;
        _child = child;
        _logger = logger;
        _nodes = SharedInformer.Create(
            child.Resource<V1Node, V1NodeList>(ResourceDescriptor.For<V1Node>(namespaced: false)), timeProvider: options.TimeProvider, loggerFactory: loggerFactory);
    }

    /// <summary>The latest collection, or null before the first.</summary>
    public ClusterSnapshot? Latest => _latest;

    public bool Tunnel { get; set; }

    /// <summary>Runs the node informer and collects every period until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await _nodes.StartAsync(cancellationToken).ConfigureAwait(false);
        await _nodes.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            try
            {
                await CollectAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.CollectFailed(_logger, e);
            }

            await Task.Delay(_options.StatusCollectPeriod, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Collects now, once the node cache is filled.</summary>
    public async Task<ClusterSnapshot> CollectAsync(CancellationToken cancellationToken)
    {
        await _nodes.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);
        var version = await _child.Version.GetCodeAsync(cancellationToken).ConfigureAwait(false);
        var healthzCode = await ProbeAsync("/healthz", cancellationToken).ConfigureAwait(false);
        var livezCode = await ProbeAsync("/livez", cancellationToken).ConfigureAwait(false);
        var readyzCode = await ProbeAsync("/readyz", cancellationToken).ConfigureAwait(false);
        var (healthz, livez, readyz) = (healthzCode == HttpStatusCode.OK, livezCode == HttpStatusCode.OK, readyzCode == HttpStatusCode.OK);
        var nodes = _nodes.Lister.List();

        // Upstream: Ready = (livez && readyz) || healthz. But /healthz stays 200 while /readyz fails (it does not check
        // readiness), so a child that stopped serving would look Ready. Here /healthz decides only for servers that predate
        // /livez and /readyz (Kubernetes < 1.16, 404 there).
        var legacy = livezCode == HttpStatusCode.NotFound && readyzCode == HttpStatusCode.NotFound;
        var ready = legacy ? healthz : livez && readyz;
        var status = new ManagedClusterStatus
        {
            LastObservedTime = _options.TimeProvider.GetUtcNow().UtcDateTime,
            KubernetesVersion = version.GitVersion,
            Platform = version.Platform,
            AgentVersion = AgentVersion,
            ApiServerUrl = _options.Child!.Host.TrimEnd('/'),
            Healthz = healthz,
            Livez = livez,
            Readyz = readyz,
            UseSocket = Tunnel,
            AppPusher = _options.SyncMode != ClusterSyncMode.Pull,
            KubeQps = _options.KubeQps,
            KubeBurst = _options.KubeBurst,
            HeartbeatFrequencySeconds = (long)_options.StatusReportPeriod.TotalSeconds,
            NodeStatistics = CountNodes(nodes),
            Conditions =
            [
                new V1Condition
                {
                    Type = ClusterConditionType.Ready,
                    Status = ready ? "True" : "False",
                    Reason = ready ? ClusterConditionReasons.ManagedClusterReady : ClusterConditionReasons.ManagedClusterNotReady,
                    Message = ready ? ClusterConditionMessages.ManagedClusterReady : ClusterConditionMessages.ManagedClusterNotReady,
                    LastTransitionTime = _options.TimeProvider.GetUtcNow().UtcDateTime,
                },
            ],
        };
        (status.Capacity, status.Allocatable) = SumReadyNodes(nodes);
        var snapshot = new ClusterSnapshot(status, NodeLabelAggregation.Aggregate(nodes, _options.LabelAggregatePrefixes, _options.LabelAggregateThreshold));
        _latest = snapshot;
        return snapshot;
    }

    public ValueTask DisposeAsync() => _nodes.DisposeAsync();

    private async Task<HttpStatusCode?> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        // A hung probe counts as a failed one rather than holding the whole collection.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            // HTTP/2 where the child speaks it, as KubernetesClient's own requests do, so the probes share the client's
            // connection instead of opening (and keeping) a second, HTTP/1.1 one with a TLS handshake of its own.
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_child.BaseUri, path))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };
            if (_child.Credentials is { } credentials)
            {
                await credentials.ProcessHttpRequestAsync(request, timeout.Token).ConfigureAwait(false);
            }

            using var response = await _child.HttpClient.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    private static NodeStatistics CountNodes(IReadOnlyList<V1Node> nodes)
    {
        int readyCount = 0, notReady = 0, unknown = 0, lost = 0;
        foreach (var node in nodes)
        {
            switch (ReadyStatus(node))
            {
                case "True": readyCount++; break;
                case "False": notReady++; break;
                case null: lost++; break;
                default: unknown++; break;
            }
        }

        // Upstream leaves zero counts out (omitempty).
        return new NodeStatistics
        {
            ReadyNodes = readyCount == 0 ? null : readyCount,
            NotReadyNodes = notReady == 0 ? null : notReady,
            UnknownNodes = unknown == 0 ? null : unknown,
            LostNodes = lost == 0 ? null : lost,
        };
    }

    private static string? ReadyStatus(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    /// <summary>
    /// Capacity and allocatable summed over Ready nodes only (upstream sums every node, so a cluster whose nodes are down
    /// still looks big to the scheduler): cpu, memory, and nvidia.com/gpu when some Ready node has it.
    /// </summary>
    private static (IDictionary<string, ResourceQuantity>, IDictionary<string, ResourceQuantity>) SumReadyNodes(IReadOnlyList<V1Node> nodes)
    {
        var ready = nodes.Where(n => ReadyStatus(n) == "True").ToList();
        return (Sum(ready, n => n.Status?.Capacity), Sum(ready, n => n.Status?.Allocatable));
    }

    private static Dictionary<string, ResourceQuantity> Sum(List<V1Node> nodes, Func<V1Node, IDictionary<string, ResourceQuantity>?> select)
    {
        decimal cpu = 0, memory = 0, gpu = 0;
        foreach (var node in nodes)
        {
            var resources = select(node);
            if (resources is null)
            {
                continue;
            }

            cpu += resources.TryGetValue("cpu", out var c) ? c.ToDecimal() : 0;
            memory += resources.TryGetValue("memory", out var m) ? m.ToDecimal() : 0;
            gpu += resources.TryGetValue(ClusternetResourceNames.NvidiaGpu, out var g) ? g.ToDecimal() : 0;
        }

        var sum = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(cpu, 0, ResourceQuantity.SuffixFormat.DecimalSI),
            ["memory"] = new(memory, 0, ResourceQuantity.SuffixFormat.BinarySI),
        };
        if (gpu > 0)
        {
            sum[ClusternetResourceNames.NvidiaGpu] = new(gpu, 0, ResourceQuantity.SuffixFormat.DecimalSI);
        }

        return sum;
    }
}
