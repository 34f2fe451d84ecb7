using System.Diagnostics;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Hosting.Kubectl;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Hosting;

/// <summary>
/// kubectl (the dispatcher on PATH picks the binary from /version: 1.32 for the default server version) against a
/// plane started with the defaults and its own data directory: create and list, version, explain. The commands run
/// against both kubectl minors are in Kubectl/*MatrixTests. Skipped, with the reason, where kubectl is absent.
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

    [KubectlFact]
    public async Task KubectlCreatesAndListsAConfigMap()
    {
        var kubectl = KubectlProcess.Executable!;

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

    [KubectlFact]
    public async Task KubectlReportsTheServerVersionItDispatchesFor()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (code, output) = await KubectlAsync(kubectl, plane, "version");
        Assert.True(code == 0, output);
        Assert.Contains("Client Version: v1.32.", output, StringComparison.Ordinal);
        Assert.Contains("Server Version: v1.32.0", output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ExplainDescribesConfigMapFromOpenApi()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (code, output) = await KubectlAsync(kubectl, plane, "explain", "configmap");
        Assert.True(code == 0, output);
        Assert.Contains("KIND:       ConfigMap", output, StringComparison.Ordinal);
        Assert.Contains("VERSION:    v1", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+data\s+<map\[string\]string>", output);
    }

    private Task<Plane> StartAsync() => Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });

    private Task<(int Code, string Output)> KubectlAsync(string kubectl, Plane plane, params string[] arguments) =>
        RunAsync(kubectl, ["--kubeconfig", plane.KubeconfigPath!, "--cache-dir", Path.Combine(directory, "cache"), .. arguments]);

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
