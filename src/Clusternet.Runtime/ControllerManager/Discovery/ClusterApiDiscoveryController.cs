using System.Collections.Concurrent;
using System.Text;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager.Discovery;

/// <summary>
/// Registers the clusters cluster-api describes in the parent (§7.1). Upstream installs an agent into each
/// Provisioned cluster through a ClusterResourceSet, which then registers with a bootstrap token; here the parent
/// registers the cluster itself over the <c>&lt;name&gt;-kubeconfig</c> Secret cluster-api writes beside the
/// <c>Cluster</c> (<see cref="ParentSideRegistration"/>), with no image to deploy and no token to hand out. Clusters are
/// processed on creation as well as on update (upstream waits for the first update). Deleting the <c>Cluster</c>
/// stops status reports; the ManagedCluster stays, and soon shows Unknown, as upstream (which never unregisters).
/// </summary>
internal sealed class ClusterApiDiscoveryController
{
    private const string Controller = "cluster-api-discovery";

    private readonly ClusterResources _parent;
    private readonly ParentSideRegistration _registration;
    private readonly ClusternetControllerManagerOptions _options;
    private readonly ILogger _logger;
    private readonly SharedInformer<ClusterApiCluster> _clusters;
    private readonly RateLimitingQueue<string> _queue;
    private readonly ConcurrentDictionary<string, Running> _running = new();

    public ClusterApiDiscoveryController(ClusterResources parent, ParentSideRegistration registration, SharedInformerFactory informers, ClusternetControllerManagerOptions options, TimeProvider time, ILogger logger)
    {
        _parent = parent;
        _registration = registration;
        _options = options;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(timeProvider: time);
        _clusters = informers.GetInformer(parent.Kubernetes.Resource<ClusterApiCluster, ClusterApiClusterList>(ClusterApiCluster.Descriptor));
        _clusters.AddEventHandler(new ResourceEventHandler<ClusterApiCluster>
        {
            Added = (c, _) => _queue.Add(CacheKey.Of(c)),
            Updated = (_, c) => _queue.Add(CacheKey.Of(c)),
            Deleted = (c, _) => _queue.Add(CacheKey.Of(c)),
        });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await _clusters.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await ReconcileLoop.RunAsync(_queue, _options.Workers, Controller, ReconcileAsync, _logger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var running in _running.Values)
            {
                await running.StopAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<TimeSpan?> ReconcileAsync(string key, CancellationToken cancellationToken)
    {
        var cluster = _clusters.Lister.Get(key);
        if (cluster is null || cluster.Metadata.DeletionTimestamp is not null)
        {
            if (_running.TryRemove(key, out var gone))
            {
                await gone.StopAsync().ConfigureAwait(false);
            }

            return null;
        }

        if (cluster.Status?.Phase != ClusterApiCluster.ProvisionedPhase || _running.ContainsKey(key))
        {
            // Not reachable yet: the phase change is an update event.
            return null;
        }

        var secretName = cluster.Metadata.Name + ClusternetControllerManagerNames.ClusterApiKubeconfigSuffix;
        var secret = await ClusterResources.GetOrNullAsync(_parent.Secrets(cluster.Metadata.NamespaceProperty), secretName, cancellationToken).ConfigureAwait(false);
        if (ClusterResources.ValueOf(secret?.Data, ClusternetControllerManagerNames.ClusterApiKubeconfigKey) is not { Length: > 0 } kubeconfig)
        {
            // cluster-api writes the Secret after the Cluster; it is not watched, so look again.
            return ClusternetDefaults.RetryPeriod;
        }

        using var stream = new MemoryStream(kubeconfig);
        var configuration = await KubernetesClientConfiguration.BuildConfigFromConfigFileAsync(stream).ConfigureAwait(false);
        var child = new Kubernetes(configuration);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var labels = new Dictionary<string, string> { [ClusternetControllerManagerNames.ClusterApiClusterNameLabel] = cluster.Metadata.Name };
        var run = _registration.RunAsync(child, cluster.Metadata.Name, labels, stop.Token);
        _running[key] = new Running(child, stop, run);
        return null;
    }

    private sealed record Running(Kubernetes Child, CancellationTokenSource Stop, Task Run)
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Run.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            Stop.Dispose();
            Child.Dispose();
        }
    }
}
