using System.Diagnostics;
using System.Runtime;

namespace Clusternet.Benchmarks;

/// <summary>
/// Runs a workload until the JIT has settled, so that a scenario measures the steady state of long-running servers
/// rather than tiered compilation at work. A process as large as a hub, a parent and a child in one keeps compiling
/// for tens of seconds under load (tier 0, instrumented tiers for dynamic PGO, then tier 1), and on two cores that
/// background compilation competes with the request path.
/// </summary>
internal static class JitWarmUp
{
    /// <summary>
    /// Repeats <paramref name="round"/> until a whole second passes in which fewer than <paramref name="quietMethods"/>
    /// methods were compiled, or <paramref name="limit"/> has passed, or <paramref name="maxRounds"/> rounds have run.
    /// </summary>
    /// <returns>How long it took and how many methods were compiled meanwhile.</returns>
    public static async Task<(TimeSpan Elapsed, long Compiled, bool Settled)> RunAsync(Func<CancellationToken, Task> round, TimeSpan limit, CancellationToken cancellationToken, int quietMethods = 20, int maxRounds = int.MaxValue)
    {
        var started = Stopwatch.StartNew();
        var first = JitInfo.GetCompiledMethodCount();
        var windowStart = started.Elapsed;
        var windowCount = first;
        for (var rounds = 0; rounds < maxRounds && started.Elapsed < limit; rounds++)
        {
            await round(cancellationToken);
            if (started.Elapsed - windowStart >= TimeSpan.FromSeconds(1))
            {
                var now = JitInfo.GetCompiledMethodCount();
                if (now - windowCount < quietMethods)
                {
                    return (started.Elapsed, now - first, true);
                }

                windowStart = started.Elapsed;
                windowCount = now;
            }
        }

        return (started.Elapsed, JitInfo.GetCompiledMethodCount() - first, false);
    }

    /// <summary>Waits, doing nothing, until a second passes with fewer than <paramref name="quietMethods"/> methods compiled (background tier-up of what has run), or <paramref name="limit"/>.</summary>
    public static async Task<bool> SettleAsync(TimeSpan limit, CancellationToken cancellationToken, int quietMethods = 5)
    {
        var started = Stopwatch.StartNew();
        while (started.Elapsed < limit)
        {
            var before = JitInfo.GetCompiledMethodCount();
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            if (JitInfo.GetCompiledMethodCount() - before < quietMethods)
            {
                return true;
            }
        }

        return false;
    }
}
