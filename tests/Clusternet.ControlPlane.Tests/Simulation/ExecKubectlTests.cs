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

/// <summary>
/// <c>kubectl exec</c>, <c>kubectl attach</c> and <c>kubectl logs</c> with kubectl 1.27 (SPDY/3.1, remote-command protocol v4.channel.k8s.io)
/// and kubectl 1.32 (WebSocket, v5.channel.k8s.io): output, stdin and the exit code.
/// </summary>
public class ExecKubectlTests(ExecKubectlPlanes planes) : IClassFixture<ExecKubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task KubectlExecPrintsTheCommandsOutput(string minor)
    {
        var target = await planes.ForMinorAsync(minor);
        var ns = await RunningPodAsync(target, "web");

        var output = await target.SucceedAsync("exec", "-n", ns, "web", "--", "echo", "hi");

        Assert.Equal("hi\n", output);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task KubectlExecWithStdinStreamsItThroughCat(string minor)
    {
        var target = await planes.ForMinorAsync(minor);
        var ns = await RunningPodAsync(target, "cat");

        var (code, output) = await RunWithStdinAsync(target, "from stdin\nsecond line\n", "exec", "-i", "-n", ns, "cat", "--", "cat");

        Assert.True(code == 0, output);
        Assert.Equal("from stdin\nsecond line\n", output);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task KubectlExecExitsWithTheCommandsExitCode(string minor)
    {
        var target = await planes.ForMinorAsync(minor);
        var ns = await RunningPodAsync(target, "fails");

        var (code, output) = await target.RunAsync("exec", "-n", ns, "fails", "--", "sh", "-c", "exit 7");

        Assert.Equal(7, code);
        Assert.Contains("command terminated with exit code 7", output, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task KubectlAttachFeedsTheContainersShell(string minor)
    {
        var target = await planes.ForMinorAsync(minor);
        var ns = await target.NamespaceAsync("attach");
        var manifest = await target.WriteAsync("shell.yaml", $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: shell, namespace: {{ns}}}
            spec:
              containers: [{name: main, image: busybox:1.36, stdin: true, command: [sh]}]
            """);
        await target.SucceedAsync("apply", "-f", manifest);
        await target.SucceedAsync("wait", "--for=jsonpath={.status.phase}=Running", "-n", ns, "pod/shell", "--timeout=30s");

        var (code, output) = await RunWithStdinAsync(target, "echo via attach\nhostname\n", "attach", "-i", "-n", ns, "shell", "-c", "main");

        // stdout first, then kubectl's own hint on stderr.
        Assert.True(code == 0, output);
        Assert.StartsWith("via attach\nshell\n", output, StringComparison.Ordinal);
        Assert.Contains("If you don't see a command prompt, try pressing enter.", output, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task KubectlLogsPrintsTheContainersStartLineAndFollowKeepsGoing(string minor)
    {
        var target = await planes.ForMinorAsync(minor);
        var ns = await RunningPodAsync(target, "logged");

        Assert.Equal("simulated container logged started (image busybox:1.36)\n", await target.SucceedAsync("logs", "-n", ns, "logged"));

        await using var follow = target.Start("logs", "-f", "-n", ns, "logged");
        await follow.ReadLineContainingAsync("simulated container logged started");
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
        process.StandardInput.Close(); // kubectl sends v5's close of stdin (1.32) or finishes the stdin stream (1.27), so cat ends
        await process.WaitForExitAsync(cancel.Token);
        return (process.ExitCode, await output + await error);
    }
}
