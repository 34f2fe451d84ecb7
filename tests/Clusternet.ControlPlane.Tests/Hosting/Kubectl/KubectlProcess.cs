using System.Diagnostics;
using System.Threading.Channels;

namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>Finds kubectl on PATH and runs it, to completion or in the background (for <c>-w</c> and a blocking <c>delete</c>).</summary>
internal static class KubectlProcess
{
    /// <summary>Why kubectl tests are skipped here.</summary>
    public const string MissingReason = "kubectl is not on PATH; the kubectl matrix needs the gcloud dispatcher with kubectl 1.27 and 1.32";

    private static readonly Lazy<string?> LazyPath = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists));

    /// <summary>The kubectl on PATH, or null.</summary>
    public static string? Executable => LazyPath.Value;

    public static async Task<(int Code, string Output)> RunAsync(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }

    public static BackgroundKubectl Start(IEnumerable<string> arguments) => new(Process.Start(StartInfo(arguments))!);

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable ?? "kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}

/// <summary>A kubectl left running; its stdout and stderr lines arrive on one channel as they are printed.</summary>
public sealed class BackgroundKubectl : IAsyncDisposable
{
    private readonly Process process;
    private readonly Channel<string> lines = Channel.CreateUnbounded<string>();
    private readonly List<string> seen = [];

    internal BackgroundKubectl(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (seen)
            {
                return string.Join('\n', seen);
            }
        }
    }

    /// <summary>Waits for the first line that contains <paramref name="text"/>.</summary>
    public async Task<string> ReadLineContainingAsync(string text, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        try
        {
            while (true)
            {
                var line = await lines.Reader.ReadAsync(cancel.Token);
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new Xunit.Sdk.XunitException($"kubectl printed no line containing '{text}'; it printed:\n{Transcript}");
        }
    }

    /// <summary>Waits for kubectl to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(cancel.Token);
        return process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    private void Forward(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (seen)
        {
            seen.Add(line);
        }

        lines.Writer.TryWrite(line);
    }
}

/// <summary>A kubectl theory; skipped with a reason where kubectl is not on PATH.</summary>
internal sealed class KubectlTheoryAttribute : TheoryAttribute
{
    public KubectlTheoryAttribute()
    {
        if (KubectlProcess.Executable is null)
        {
            Skip = KubectlProcess.MissingReason;
        }
    }
}

/// <summary>A kubectl fact; skipped with a reason where kubectl is not on PATH.</summary>
internal sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (KubectlProcess.Executable is null)
        {
            Skip = KubectlProcess.MissingReason;
        }
    }
}
