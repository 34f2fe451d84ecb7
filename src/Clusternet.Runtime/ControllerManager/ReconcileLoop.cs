using Clusternet.Caching;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager;

/// <summary>
/// The worker side of a controller: keys from a rate-limited queue to a reconcile function, client-go style. A
/// reconcile returns when to look again (null: only on the next event); an exception retries the key with backoff.
/// </summary>
internal static class ReconcileLoop
{
    public static async Task RunAsync(
        RateLimitingQueue<string> queue,
        int workers,
        string controller,
        Func<string, CancellationToken, Task<TimeSpan?>> reconcile,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(queue.ShutDown);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(() => WorkAsync(queue, controller, reconcile, logger, cancellationToken), CancellationToken.None))).ConfigureAwait(false);
    }

    private static async Task WorkAsync(
        RateLimitingQueue<string> queue,
        string controller,
        Func<string, CancellationToken, Task<TimeSpan?>> reconcile,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var (key, shutDown) = await queue.GetAsync(CancellationToken.None).ConfigureAwait(false);
            if (shutDown)
            {
                return;
            }

            try
            {
                var after = await reconcile(key, cancellationToken).ConfigureAwait(false);
                queue.Forget(key);
                if (after is { } delay)
                {
                    queue.AddAfter(key, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
                }
            }
            catch (Exception error) when (!cancellationToken.IsCancellationRequested)
            {
                ControllerManagerLog.ReconcileFailed(logger, controller, key, error);
                queue.AddRateLimited(key);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                queue.Done(key);
            }
        }
    }
}
