using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Starts the mounted API groups and peering with the host and, when asked, registers the hub in its parent in the
/// background. Peering stops as soon as the host starts stopping, before the server waits for open requests (agents'
/// tunnels and peer links never end on their own), so this replica's peer Lease is gone while the others can still
/// be told.
/// </summary>
internal sealed class ClusternetHubHostedService : IHostedLifecycleService, IDisposable
{
    private readonly ClusternetHub _hub;
    private readonly Kubernetes _parent;
    private readonly ClusternetHubOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private Task _registration = Task.CompletedTask;

    public ClusternetHubHostedService(ClusternetHub hub, Kubernetes parent, ClusternetHubOptions options, ILogger<ClusternetHub> logger)
    {
        _hub = hub;
        _parent = parent;
        _options = options;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var group in _hub.Groups)
        {
            await group.StartAsync(_stopping.Token).ConfigureAwait(false);
        }

        if (_hub.Peering is { } peering)
        {
            await peering.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_options.SelfRegistration is { } registration)
        {
            // v1alpha1.shadow only when the shadow API is mounted: an APIService whose discovery 404s is never Available.
            var shadowMounted = _hub.Groups.Any(g => g.Group == "shadow");
            var registrar = new HubSelfRegistrar(_parent, registration with { RegisterShadow = registration.RegisterShadow && shadowMounted }, _logger);
            _registration = Task.Run(() => registrar.RunAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (_hub.Peering is { } peering)
        {
            // Deletes this replica's peer Lease and ends its links, so the other replicas let go at once.
            await peering.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_hub.Peering is { } peering)
        {
            await peering.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await _registration.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stopping.Dispose();
}
