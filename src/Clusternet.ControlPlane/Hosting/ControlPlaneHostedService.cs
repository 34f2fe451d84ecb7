using Microsoft.Extensions.Hosting;

namespace Clusternet.ControlPlane.Hosting;

/// <summary>Runs a <see cref="ControlPlane"/> for the lifetime of a generic host.</summary>
/// <param name="options">How the control plane is started.</param>
public sealed class ControlPlaneHostedService(ControlPlaneOptions options) : IHostedService, IAsyncDisposable
{
    private ControlPlane? plane;

    /// <summary>The running control plane; null before the host started it and after it stopped.</summary>
    public ControlPlane? ControlPlane => plane;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken) =>
        plane = await ControlPlane.StartAsync(options, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref plane, null) is { } running)
        {
            await running.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
