using System.Diagnostics;
using System.Runtime.InteropServices;
using Clusternet.Testing;

namespace Clusternet.Runtime.Tests.Samples;

/// <summary>
/// The QuickStart run as a process, as a user runs it: <c>dotnet QuickStart.dll</c> from the sample's build output
/// (built with this test project, same configuration), its output collected line by line.
/// </summary>
internal sealed class QuickStartProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(string Line, TaskCompletionSource<string> Seen)> _waiters = [];

    private QuickStartProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Received(e.Data);
        process.ErrorDataReceived += (_, e) => Received(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far, for assertions and failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    public static QuickStartProcess Start(params string[] arguments)
    {
        // …/tests/Clusternet.Runtime.Tests/bin/<Configuration>/net10.0/ → the sample's output of the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(RepositoryPaths.Root, "samples", "QuickStart", "bin", configuration, "net10.0", "QuickStart.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new QuickStartProcess(Process.Start(start)!);
    }

    /// <summary>Waits for a line equal to <paramref name="line"/> (trimmed), failing with the output so far.</summary>
    public async Task WaitForLineAsync(string line, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            if (_lines.Any(l => l.Trim() == line))
            {
                return;
            }

            _waiters.Add((line, seen));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout));
        if (first != seen.Task)
        {
            throw new TimeoutException($"the QuickStart did not print '{line}' ({(first == exited ? "it exited" : "timed out")}); output:\n{Output}");
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the QuickStart did not exit in {timeout}; output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM, as a service manager or <c>kubectl delete pod</c> would.</summary>
    public void Terminate()
    {
        if (Kill(_process.Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Received(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.Where(w => w.Line == line.Trim()).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult(line);
            }
        }
    }

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
