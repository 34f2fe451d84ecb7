using System.Diagnostics;
using System.Threading.Channels;

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>Runs the kubectl on PATH, to completion or in the background (for <c>get -w</c>).</summary>
internal static class HubKubectl
{
    private static readonly Lazy<string?> LazyPath = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists));

    public static string? Executable => LazyPath.Value;

    public static async Task<(int Code, string Output)> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(StartInfo(arguments))!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }

    public static async Task<(int Code, string Output)> RunWithInputAsync(string input, params string[] arguments)
    {
        var start = StartInfo(arguments);
        start.RedirectStandardInput = true;
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }

    public static BackgroundProcess Start(params string[] arguments) => new(Process.Start(StartInfo(arguments))!);

    private static ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Executable ?? "kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>A process left running; its output lines arrive on a channel as they are printed.</summary>
    internal sealed class BackgroundProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

        public BackgroundProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => Forward(e.Data);
            process.ErrorDataReceived += (_, e) => Forward(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public async Task<string> ReadLineContainingAsync(string text)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                while (true)
                {
                    var line = await _lines.Reader.ReadAsync(cancel.Token);
                    if (line.Contains(text, StringComparison.Ordinal))
                    {
                        return line;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"kubectl printed no line containing '{text}'; it printed:\n{string.Join('\n', _seen)}");
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

        private void Forward(string? line)
        {
            if (line is not null)
            {
                _seen.Enqueue(line);
                _lines.Writer.TryWrite(line);
            }
        }
    }
}

/// <summary>A fact skipped where kubectl is not on PATH.</summary>
internal sealed class HubKubectlFactAttribute : FactAttribute
{
    public HubKubectlFactAttribute()
    {
        if (HubKubectl.Executable is null)
        {
            Skip = "kubectl is not on PATH";
        }
    }
}
