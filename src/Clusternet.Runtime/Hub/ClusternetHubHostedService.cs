using k8s;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>Starts the mounted API groups with the host and, when asked, registers the hub in its parent in the background.</summary>
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

        if (_options.SelfRegistration is { } registration)
        {
            var registrar = new HubSelfRegistrar(_parent, registration, _logger);
            _registration = Task.Run(() => registrar.RunAsync(_stopping.Token), CancellationToken.None);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
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
