using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// The Clusternet agent: runs in (or beside) a child cluster, registers it with the parent and keeps it reported. Among
/// replicas only the holder of the leader-election Lease works; it
/// <list type="number">
/// <item>takes the Lease's uid as the cluster id,</item>
/// <item>registers with the bootstrap token (or the credentials stored in the child) and switches to the dedicated credentials,</item>
/// <item>for Push and Dual sync modes hands the parent credentials for the child,</item>
/// <item>reports the ManagedCluster status and renews a heartbeat Lease in the parent,</item>
/// <item>keeps a tunnel to the hub,</item>
/// </list>
/// and registers again when the parent forgets the cluster. See docs/agent.md.
/// </summary>
public sealed class ClusternetAgent : BackgroundService
{
    private readonly ClusternetAgentOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _statusLock = new();
    private ClusternetAgentStatus _status = new();

    /// <summary>Creates an agent; it starts working when the host starts it (or <see cref="BackgroundService.StartAsync"/> is called).</summary>
    /// <param name="options">The settings; <see cref="ClusternetAgentOptions.ParentUrl"/>, <see cref="ClusternetAgentOptions.BootstrapToken"/> and <see cref="ClusternetAgentOptions.Child"/> are required.</param>
    /// <param name="loggerFactory">Where to log; nowhere when null.</param>
    /// <exception cref="ArgumentException">A required setting is missing or invalid.</exception>
    public ClusternetAgent(ClusternetAgentOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<ClusternetAgent>();
    }

    /// <summary>Raised with the new snapshot whenever <see cref="Status"/> changes.</summary>
    public event Action<ClusternetAgentStatus>? StatusChanged;

    /// <summary>Where the agent stands now: phase, cluster id, the parent's last refusal, tunnel state, last report.</summary>
    public ClusternetAgentStatus Status
    {
        get
        {
            lock (_statusLock)
            {
                return _status;
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var child = new Kubernetes(_options.Child!);
        SetStatus(s => s with { Phase = ClusternetAgentPhase.Standby });
        try
        {
            await EnsureNamespaceAsync(child, stoppingToken).ConfigureAwait(false);
            var leases = child.Resource<V1Lease, V1LeaseList>(ResourceDescriptor.For<V1Lease>(namespaced: true), _options.LeaderElection.Namespace);
            var elector = new LeaseLeaderElector(leases, _options.LeaderElection, _options.TimeProvider, _logger);
            await elector.RunAsync(
                ct => LeadAsync(child, leases, elector.Lease, ct),
                leading => SetStatus(s => leading ? s : s with { Phase = ClusternetAgentPhase.Standby, TunnelConnected = false }),
                stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            SetStatus(s => s with { Phase = ClusternetAgentPhase.Stopped, TunnelConnected = false });
        }
    }

    private async Task LeadAsync(Kubernetes child, IResourceClient<V1Lease, V1LeaseList> leases, V1Lease? held, CancellationToken cancellationToken)
    {
        // The Lease just won carries the id already; read it again only when the elector has none.
        var clusterId = held is not null ? ClusterIdOf(held) : await GetClusterIdAsync(leases, cancellationToken).ConfigureAwait(false);
        AgentLog.ClusterIdentified(_logger, clusterId);
        SetStatus(s => s with { ClusterId = clusterId, Phase = ClusternetAgentPhase.Registering });

        var registration = new ClusterRegistration(_options, child, SetStatus, _logger);
        await using var collector = new ClusterStatusCollector(_options, child, _loggerFactory, _logger) { Tunnel = _options.Tunnel };
        using var collecting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var collection = collector.RunAsync(collecting.Token);
        try
        {
            var parentForgot = false;
            while (true)
            {
                using var parent = await registration.RegisterAsync(clusterId, parentForgot, cancellationToken).ConfigureAwait(false);
                var forgot = await ServeAsync(child, parent, clusterId, collector, cancellationToken).ConfigureAwait(false);
                AgentLog.ParentForgotCluster(_logger, clusterId, forgot.Message);
                SetStatus(s => s with { Phase = ClusternetAgentPhase.Registering, Message = forgot.Message, TunnelConnected = false });
                parentForgot = true;
            }
        }
        finally
        {
            await collecting.CancelAsync().ConfigureAwait(false);
            await collection.ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>Runs everything that needs the dedicated credentials until the parent forgets the cluster, which is returned.</summary>
    private async Task<ParentForgotClusterException> ServeAsync(
        Kubernetes child, ParentConnection parent, string clusterId, ClusterStatusCollector collector, CancellationToken cancellationToken)
    {
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watched = new List<Task>
        {
            new ClusterStatusReporter(_options, collector, SetStatus, _logger).RunAsync(parent, clusterId, serving.Token),
        };
        if (_options.HeartbeatLeaseRenewPeriod is { } renew && renew > TimeSpan.Zero)
        {
            watched.Add(new ParentHeartbeatLease(_options, renew, _logger).RunAsync(parent, clusterId, _options.LeaderElection.Identity, serving.Token));
        }

        var background = new List<Task>();
        if (_options.SyncMode is ClusterSyncMode.Push or ClusterSyncMode.Dual)
        {
            background.Add(new ChildDeployerCredentials(_options, child, _logger).PublishAsync(parent, clusterId, serving.Token));
        }

        if (_options.Tunnel)
        {
            background.Add(new AgentTunnel(_options, _loggerFactory, _logger).RunAsync(
                parent, clusterId, connected => SetStatus(s => s with { TunnelConnected = connected }), serving.Token));
        }

        try
        {
            var ended = await Task.WhenAny(watched).ConfigureAwait(false);
            await ended.ConfigureAwait(false);
            throw new InvalidOperationException("A reporting loop ended without being cancelled.");
        }
        catch (ParentForgotClusterException forgot)
        {
            return forgot;
        }
        finally
        {
            await serving.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(watched.Concat(background)).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>The cluster id: the Lease's <c>legacy-cluster-id</c> annotation when present, else its uid (upstream §1.2).</summary>
    private async Task<string> GetClusterIdAsync(IResourceClient<V1Lease, V1LeaseList> leases, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return ClusterIdOf(await leases.GetAsync(_options.LeaderElection.Name, cancellationToken).ConfigureAwait(false));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.LeaseFailed(_logger, _options.LeaderElection.Namespace, _options.LeaderElection.Name, e);
            }

            await Task.Delay(_options.LeaderElection.RetryPeriod, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ClusterIdOf(V1Lease lease) =>
        lease.Metadata.Annotations?.TryGetValue(ClusternetAgentKnown.LegacyClusterIdAnnotation, out var legacy) == true && legacy.Length > 0
            ? legacy
            : lease.Metadata.Uid;

    private async Task EnsureNamespaceAsync(Kubernetes child, CancellationToken cancellationToken)
    {
        // The agent's namespace normally comes with its deployment; creating it lets an agent outside the cluster start alone.
        var namespaces = child.Resource<V1Namespace, V1NamespaceList>(ResourceDescriptor.For<V1Namespace>(namespaced: false));
        try
        {
            await namespaces.GetAsync(_options.LeaderElection.Namespace, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            try
            {
                await namespaces.CreateAsync(
                    new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = _options.LeaderElection.Namespace } },
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
            }
        }
        catch (KubernetesApiException e) when (e is ForbiddenException)
        {
            // May not read namespaces: assume it exists; the Lease calls say otherwise soon enough.
        }
    }

    private void SetStatus(Func<ClusternetAgentStatus, ClusternetAgentStatus> change)
    {
        ClusternetAgentStatus updated;
        lock (_statusLock)
        {
            updated = change(_status);
            if (updated == _status)
            {
                return;
            }

            _status = updated;
        }

        StatusChanged?.Invoke(updated);
    }

    private static void Validate(ClusternetAgentOptions options)
    {
        if (options.ParentUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("ParentUrl must be an absolute http(s) URL of the parent's API server.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.BootstrapToken))
        {
            throw new ArgumentException("BootstrapToken is required.", nameof(options));
        }

        if (options.Child is null || string.IsNullOrEmpty(options.Child.Host))
        {
            throw new ArgumentException("Child must say how to reach the child cluster's API server.", nameof(options));
        }

        if (options.ParentCertificateAuthority is null && !options.InsecureSkipParentTlsVerifyOnBootstrap)
        {
            throw new ArgumentException("Without ParentCertificateAuthority, registration needs InsecureSkipParentTlsVerifyOnBootstrap.", nameof(options));
        }

        if (options.SyncMode is not (ClusterSyncMode.Pull or ClusterSyncMode.Push or ClusterSyncMode.Dual))
        {
            throw new ArgumentException($"SyncMode must be Pull, Push or Dual, not '{options.SyncMode}'.", nameof(options));
        }

        if (options.ClusterName is { Length: > ClusternetDefaults.ClusterNameMaxLength })
        {
            throw new ArgumentException($"ClusterName may have at most {ClusternetDefaults.ClusterNameMaxLength} characters.", nameof(options));
        }
    }
}
