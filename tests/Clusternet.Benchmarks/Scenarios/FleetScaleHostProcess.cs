using System.Diagnostics;
using System.Globalization;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>The host's managed heap after full collections, in bytes: the total and per generation (LOH and POH last).</summary>
internal sealed record HostHeap(long Total, long Gen0, long Gen1, long Gen2, long Loh, long Poh);

/// <summary>The benchmark's side of the <see cref="FleetScaleHost"/> process: its line protocol, CPU time and RSS.</summary>
internal sealed class FleetScaleHostProcess(Process process) : IAsyncDisposable
{
    private readonly SemaphoreSlim _exchange = new(1, 1);

    public int Id => process.Id;

    public async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line == "ready")
            {
                return;
            }
        }

        throw new InvalidOperationException($"the hub process exited ({(process.HasExited ? process.ExitCode : -1)}) before it was ready");
    }

    public async Task<HostHeap> HeapAsync(CancellationToken cancellationToken)
    {
        var fields = (await AskAsync("heap", cancellationToken)).Split(' ').Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new HostHeap(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    public async Task<IReadOnlyList<string>> SessionsAsync(CancellationToken cancellationToken)
    {
        var line = await AskAsync("sessions", cancellationToken);
        return line.Length <= "sessions ".Length ? [] : line["sessions ".Length..].Split(',');
    }

    /// <summary>User plus system CPU time of the host process (from /proc/&lt;pid&gt;/stat).</summary>
    public TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>VmRSS from /proc/&lt;pid&gt;/status.</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                await process.StandardInput.WriteLineAsync("quit");
                await process.StandardInput.FlushAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            process.Kill(entireProcessTree: true);
        }
        finally
        {
            process.Dispose();
            _exchange.Dispose();
        }
    }

    private async Task<string> AskAsync(string request, CancellationToken cancellationToken)
    {
        await _exchange.WaitAsync(cancellationToken);
        try
        {
            await process.StandardInput.WriteLineAsync(request);
            await process.StandardInput.FlushAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(request + " ", StringComparison.Ordinal) || line == request)
                {
                    return line;
                }
            }

            throw new InvalidOperationException($"the hub process exited ({(process.HasExited ? process.ExitCode : -1)}) while asked '{request}'");
        }
        finally
        {
            _exchange.Release();
        }
    }
}
