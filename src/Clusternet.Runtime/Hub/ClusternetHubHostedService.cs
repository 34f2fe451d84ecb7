using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>Starts the mounted API groups and peering with the host and, when asked, registers the hub in its parent in the background.</summary>
internal sealed class ClusternetHubHostedService : IHostedService, IDisposable
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

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_hub.Peering is { } peering)
        {
            // Ends the links and deletes this replica's peer Lease, so the other replicas let go at once.
            await peering.StopAsync(cancellationToken).ConfigureAwait(false);
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
