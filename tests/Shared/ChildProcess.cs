using System.Diagnostics;
using System.Text;

namespace Clusternet.Testing;

/// <summary>Runs a tool (node, npm) for a test, with its standard output and error together and a time limit.</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> in <paramref name="workingDirectory"/>; fails the test when it outlasts <paramref name="limit"/>.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string file, string workingDirectory, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stdout = PumpAsync(process.StandardOutput, output);
        var stderr = PumpAsync(process.StandardError, output);
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            await Task.WhenAll(stdout, stderr);
            Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', arguments)} did not finish within {limit}:\n{output}");
        }

        await Task.WhenAll(stdout, stderr);
        return (process.ExitCode, output.ToString());
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (into)
            {
                into.Append(line).Append('\n');
            }
        }
    }
}
