using System.Diagnostics;
using Clusternet.ControlPlane.Hosting;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Hosting;

/// <summary>
/// kubectl (the dispatcher on PATH picks the binary from /version) against the admin kubeconfig. OpenAPI is not
/// served yet, so <c>create -f</c> runs with <c>--validate=false</c>. Passes vacuously where kubectl is absent.
/// </summary>
public sealed class KubectlSmokeTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cp-kubectl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task KubectlCreatesAndListsAConfigMap()
    {
        if (FindKubectl() is not { } kubectl)
        {
            return; // kubectl is not installed on this machine
        }

        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });
        var manifest = Path.Combine(directory, "cm.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubectl\ndata:\n  a: \"1\"\n");
        var cache = Path.Combine(directory, "cache");

        var (createCode, createOutput) = await RunAsync(kubectl, "--kubeconfig", plane.KubeconfigPath!, "--cache-dir", cache, "create", "-f", manifest, "--validate=false");
        Assert.True(createCode == 0, createOutput);
        Assert.Contains("configmap/from-kubectl created", createOutput, StringComparison.Ordinal);

        var (getCode, getOutput) = await RunAsync(kubectl, "--kubeconfig", plane.KubeconfigPath!, "--cache-dir", cache, "get", "configmaps", "-A");
        Assert.True(getCode == 0, getOutput);
        Assert.Matches(@"default\s+from-kubectl\s+1\s+", getOutput);
    }

    private static string? FindKubectl() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "kubectl"))
            .FirstOrDefault(File.Exists);

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
