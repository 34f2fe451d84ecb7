using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Controllers;

/// <summary>
/// Starts the in-process controllers once the server listens and stops them before it stops listening. A controller
/// that fails is restarted after an exponential backoff (1 s doubling to 30 s), so one bug does not silence the rest.
/// </summary>
internal sealed partial class ControllerHost(ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> running = [];
    private ControllerContext? context;

    /// <summary>Runs each controller on its own task; the host owns <paramref name="context"/>'s client from now on.</summary>
    public void Start(IEnumerable<IControlPlaneController> controllers, ControllerContext context)
    {
        this.context = context;
        foreach (var controller in controllers)
        {
            running.Add(Task.Run(() => RunWithRestartAsync(controller, context, stopping.Token)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        stopping.Dispose();
        (context?.Client as IDisposable)?.Dispose();
    }

    private async Task RunWithRestartAsync(IControlPlaneController controller, ControllerContext context, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await controller.RunAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogControllerFailed(logger, e, controller.Name, delay.TotalSeconds);
            }

            try
            {
                await Task.Delay(delay, context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "controller {Controller} failed; restarting in {Seconds} s")]
    private static partial void LogControllerFailed(ILogger logger, Exception exception, string controller, double seconds);
}
