using System.Diagnostics;
using System.Text;

namespace Clusternet.Client.Tests.Packaging;

/// <summary>
/// Runs the <c>dotnet</c> CLI as a child process the way a user's shell would, with a timeout, and keeps
/// everything it printed so a failing step can show it.
/// </summary>
public sealed class DotnetCli(IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>The output of one finished command.</summary>
    public sealed record Result(string CommandLine, int ExitCode, string Output)
    {
        /// <summary>The command, its exit code and its output, for a failure message.</summary>
        public override string ToString() => $"$ {CommandLine}\n(exit code {ExitCode})\n{Output}";
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>; kills it after <paramref name="timeout"/>.</summary>
    public async Task<Result> RunAsync(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetExecutable())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // `dotnet test` hands its own MSBuild location and settings to the test host; a child build must
        // choose its own, as it would from a shell.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var commandLine = "dotnet " + string.Join(' ', arguments);
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Append(output, $"[killed after {timeout.TotalSeconds:0} s]");
            return new Result(commandLine, -1, Text(output));
        }

        // WaitForExitAsync returns once the redirected streams have reached end of file.
        return new Result(commandLine, process.ExitCode, Text(output));
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>The muxer that runs these tests (the SDK sets DOTNET_HOST_PATH for its children), else <c>dotnet</c> on PATH.</summary>
    private static string DotnetExecutable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}
