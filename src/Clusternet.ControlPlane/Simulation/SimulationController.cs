using System.Threading.Channels;
using Clusternet.ControlPlane.Controllers;
using k8s;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// A level-triggered simulated component: any watch event on the kinds it follows (or the resync period passing) makes
/// it re-read what it needs and converge once. Reconciling everything on each wake-up is cheap at a simulated
/// cluster's size and, unlike per-key queues, cannot lose an update; several events arriving during one pass fold into
/// one more pass.
/// </summary>
internal abstract partial class SimulationController(SimulationState state, ILogger logger) : IControlPlaneController
{
    private readonly Channel<bool> wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <inheritdoc />
    public abstract string Name { get; }

    protected SimulationState State { get; } = state;

    /// <inheritdoc />
    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var watches = Follow(context.Client).Select(watch => KeepWatchingAsync(watch, context.Time, cancellationToken)).ToList();
        await StartAsync(context, cancellationToken).ConfigureAwait(false);
        wake.Writer.TryWrite(true);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    timeout.CancelAfter(WakePeriod);
                    try
                    {
                        await wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                    }
                }

                try
                {
                    await ReconcileAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // A conflict or a vanished object is normal between components; the next pass sees the new state.
                    LogPassFailed(logger, e, Name);
                }
            }
        }
        finally
        {
            try
            {
                await Task.WhenAll(watches).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>The longest time between passes without any event.</summary>
    protected virtual TimeSpan WakePeriod => State.Options.ResyncPeriod;

    /// <summary>Wakes the component for one more pass.</summary>
    public void Wake() => wake.Writer.TryWrite(true);

    /// <summary>The watches whose events start a pass; each enumerates until the stream ends.</summary>
    protected abstract IEnumerable<Func<CancellationToken, IAsyncEnumerable<object>>> Follow(IKubernetes client);

    /// <summary>Runs once before the first pass.</summary>
    protected virtual Task StartAsync(ControllerContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Brings what this component owns in line with what it reads.</summary>
    protected abstract Task ReconcileAsync(ControllerContext context, CancellationToken cancellationToken);

    /// <summary>Adapts a KubernetesClient typed watch to the untyped form <see cref="Follow"/> returns.</summary>
    protected static Func<CancellationToken, IAsyncEnumerable<object>> Watch<T>(Func<CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch) =>
        cancellationToken => Project(watch(cancellationToken), cancellationToken);

    private static async IAsyncEnumerable<object> Project<T>(IAsyncEnumerable<(WatchEventType, T)> events, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (_, item) in events.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return item!;
        }
    }

    private async Task KeepWatchingAsync(Func<CancellationToken, IAsyncEnumerable<object>> watch, TimeProvider time, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var _ in watch(cancellationToken).ConfigureAwait(false))
                {
                    wake.Writer.TryWrite(true);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogWatchFailed(logger, e, Name);
            }

            // Events may have been missed while the stream was down: one pass catches up.
            wake.Writer.TryWrite(true);
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "simulated {Controller}: pass failed; retrying on the next event")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string controller);

    [LoggerMessage(Level = LogLevel.Debug, Message = "simulated {Controller}: watch ended with an error; re-watching")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception, string controller);
}
