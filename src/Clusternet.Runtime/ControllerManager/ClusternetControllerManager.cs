using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using Clusternet.Runtime.ControllerManager.Approver;
using Clusternet.Runtime.ControllerManager.Discovery;
using Clusternet.Runtime.ControllerManager.Lifecycle;
using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.Runtime.ControllerManager;

/// <summary>
/// The controller manager's hosted service: holds the leader-election Lease and, while leading, runs the approver,
/// the cluster lifecycle controller and, when enabled, cluster-api discovery and self-registration, over one set of
/// shared informers. Losing the Lease stops them all; they start afresh (new caches) when it is won again.
/// </summary>
internal sealed class ClusternetControllerManager(
    Kubernetes parent,
    ClusternetControllerManagerOptions options,
    TimeProvider time,
    ILoggerFactory? loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Clusternet.Runtime.ControllerManager");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resources = new ClusterResources(parent);
        await EnsureNamespaceAsync(resources, options.LeaderElectionNamespace, stoppingToken).ConfigureAwait(false);
        if (options.ApplyBootstrapRbac)
        {
            await BootstrapRbac.ApplyAsync(resources, stoppingToken).ConfigureAwait(false);
        }

        if (!options.LeaderElection)
        {
            await RunControllersAsync(resources, stoppingToken).ConfigureAwait(false);
            return;
        }

        var identity = options.LeaderElectionIdentity ?? $"{Environment.MachineName}_{Guid.NewGuid():N}";
        while (!stoppingToken.IsCancellationRequested)
        {
            using var elector = new LeaderElector(new LeaderElectionConfig(new LeaseLock(parent, options.LeaderElectionNamespace, options.LeaderElectionName, identity))
            {
                LeaseDuration = options.LeaseDuration,
                RenewDeadline = options.RenewDeadline,
                RetryPeriod = options.RetryPeriod,
            });
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            Task controllers = Task.CompletedTask;
            elector.OnStartedLeading += () =>
            {
                ControllerManagerLog.StartedLeading(_logger, identity);
                controllers = RunControllersAsync(resources, leading.Token);
            };
            elector.OnStoppedLeading += () =>
            {
                ControllerManagerLog.StoppedLeading(_logger, identity);
                leading.Cancel();
            };
            elector.OnError += error => ControllerManagerLog.LeaderElectionError(_logger, error);
            try
            {
                await elector.RunUntilLeadershipLostAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                await leading.CancelAsync().ConfigureAwait(false);
                try
                {
                    await controllers.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task RunControllersAsync(ClusterResources resources, CancellationToken cancellationToken)
    {
        // Nothing here reads managedFields; a fleet's caches hold several objects per cluster.
        await using var informers = new SharedInformerFactory(new SharedInformerOptions { StripManagedFields = true }, time, loggerFactory);
        var approver = new RegistrationApprover(resources, informers, options, time, _logger);
        var lifecycle = new ClusterLifecycleController(resources, informers, options, time, _logger);
        var runs = new List<Task>();
        var registration = new ParentSideRegistration(resources, options, time, _logger);
        if (options.ClusterApiDiscovery)
        {
            var discovery = new ClusterApiDiscoveryController(resources, registration, informers, options, time, _logger);
            runs.Add(discovery.RunAsync(cancellationToken));
        }

        await informers.StartAsync(cancellationToken).ConfigureAwait(false);
        runs.Add(approver.RunAsync(cancellationToken));
        runs.Add(lifecycle.RunAsync(cancellationToken));
        if (options.SelfRegistration)
        {
            runs.Add(registration.RunSelfAsync(parent, cancellationToken));
        }

        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task EnsureNamespaceAsync(ClusterResources resources, string name, CancellationToken cancellationToken)
    {
        try
        {
            await resources.Namespaces().CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
        }
    }
}
