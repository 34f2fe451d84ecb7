using System.Diagnostics;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Clusternet.ControlPlane.Tests.Hosting.Kubectl;
using k8s;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>kubectl planes that simulate a node, so <c>kubectl run</c> pods become Running and can be exec'd into.</summary>
public sealed class ExecKubectlPlanes : KubectlPlanes
{
    protected override ControlPlaneOptions CreateOptions(string directory, ServerVersion version) =>
        base.CreateOptions(directory, version) with { Simulation = new SimulationOptions { Nodes = [new SimulatedNode("exec-node")] } };
}

public class ExecKubectlTests(ExecKubectlPlanes planes) : IClassFixture<ExecKubectlPlanes>
{
    [KubectlFact]
    public async Task KubectlExecPrintsTheCommandsOutput()
    {
        var target = await planes.ForMinorAsync("32");
        var ns = await RunningPodAsync(target, "web");

        var output = await target.SucceedAsync("exec", "-n", ns, "web", "--", "echo", "hi");

        Assert.Equal("hi\n", output);
    }

    [KubectlFact]
    public async Task KubectlExecWithStdinStreamsItThroughCat()
    {
        var target = await planes.ForMinorAsync("32");
        var ns = await RunningPodAsync(target, "cat");

        var (code, output) = await RunWithStdinAsync(target, "from stdin\nsecond line\n", "exec", "-i", "-n", ns, "cat", "--", "cat");

        Assert.True(code == 0, output);
        Assert.Equal("from stdin\nsecond line\n", output);
    }

    [KubectlFact]
    public async Task KubectlExecExitsWithTheCommandsExitCode()
    {
        var target = await planes.ForMinorAsync("32");
        var ns = await RunningPodAsync(target, "fails");

        var (code, output) = await target.RunAsync("exec", "-n", ns, "fails", "--", "sh", "-c", "exit 7");

        Assert.Equal(7, code);
        Assert.Contains("command terminated with exit code 7", output, StringComparison.Ordinal);
    }

    /// <summary>kubectl 1.27 speaks only SPDY/3.1 for exec, which this server does not serve: it fails, saying why.</summary>
    [KubectlFact]
    public async Task Kubectl127ExecFailsNamingTheMissingWebSocketUpgrade()
    {
        var target = await planes.ForMinorAsync("27");
        var ns = await RunningPodAsync(target, "old");

        var (code, output) = await target.RunAsync("exec", "-n", ns, "old", "--", "echo", "hi");

        Assert.NotEqual(0, code);
        Assert.Contains("WebSocket only", output, StringComparison.Ordinal);
    }

    private static async Task<string> RunningPodAsync(KubectlTarget target, string name)
    {
        var ns = await target.NamespaceAsync("exec");
        await target.SucceedAsync("run", name, "-n", ns, "--image=busybox:1.36", "--restart=Never");
        using var client = new Kubernetes(target.Plane.CreateAdminConfiguration());
        await SimulationFixture.EventuallyAsync(() => client.CoreV1.ReadNamespacedPodAsync(name, ns), p => p.Status?.Phase == "Running", "a running pod");
        return ns;
    }

    private static async Task<(int Code, string Output)> RunWithStdinAsync(KubectlTarget target, string stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(KubectlProcess.Executable!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--kubeconfig", target.Plane.KubeconfigPath!, "--cache-dir", Path.Combine(target.Directory, "cache"), .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var error = process.StandardError.ReadToEndAsync(cancel.Token);
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close(); // kubectl sends v5's close of stdin, so cat ends
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }
}
