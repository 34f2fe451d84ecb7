using System.Text.RegularExpressions;
using Clusternet.Runtime.Tests.Hub.Support;

namespace Clusternet.Runtime.Tests.Samples;

/// <summary>
/// The README's first command, run as a process: the whole fleet on 127.0.0.1, the table of clusters, and with
/// <c>--serve --state-dir</c> kubeconfigs that kubectl uses against the parent and, through the hub, each child.
/// </summary>
public sealed partial class QuickStartTests
{
    private static readonly string[] Children = ["cloud-east", "onprem-gpu", "edge-store"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_plain_run_prints_every_cluster_ready_with_its_tunnel_and_exits_zero()
    {
        await using var quickStart = QuickStartProcess.Start();

        var exit = await quickStart.WaitForExitAsync(StartTimeout);

        var output = quickStart.Output;
        Assert.True(exit == 0, output);
        Assert.Contains("CLUSTER ID", output);
        foreach (var child in Children)
        {
            Assert.Matches(new Regex($@"[0-9a-f-]{{36}}\s+{child}\s+v1\.\d+\.\d+\s+\S+\s+True\s+\d+/\d+\s+\S+\s+\S+\s+connected"), output);
            Assert.Matches(new Regex($@"{child}\s+nodes: "), output);
        }

        Assert.Contains("feature.node.kubernetes.io/pci-10de.present=true", output);
        Assert.Contains("deployment quickstart/hello Available", output);
        Assert.Contains("Done in", output);
    }

    [Fact]
    public async Task An_unknown_argument_is_refused_with_the_usage_and_exit_code_2()
    {
        await using var quickStart = QuickStartProcess.Start("--serv");

        var exit = await quickStart.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exit);
        Assert.Contains("unknown argument '--serv'. Usage: QuickStart [--serve] [--state-dir DIR]", quickStart.Output);
    }

    [HubKubectlFact]
    public async Task Serve_writes_kubeconfigs_that_kubectl_uses_for_the_parent_and_through_the_hub_and_stops_on_sigterm()
    {
        var stateDir = Directory.CreateTempSubdirectory("quickstart-test-").FullName;
        try
        {
            await using var quickStart = QuickStartProcess.Start("--serve", "--state-dir", stateDir);
            await quickStart.WaitForLineAsync("READY", StartTimeout);

            var (code, clusters) = await HubKubectl.RunAsync("--kubeconfig", Path.Combine(stateDir, "parent.kubeconfig"), "get", "managedclusters", "-A", "--no-headers");
            Assert.True(code == 0, clusters);
            Assert.All(Children, child => Assert.Matches(new Regex($@"(?m)^\S+\s+{child}\s+[0-9a-f-]{{36}}\s+Dual\s+v1\.\d+\.\d+\s+True"), clusters));
            foreach (var child in Children)
            {
                var (nodesCode, nodes) = await HubKubectl.RunAsync("--kubeconfig", Path.Combine(stateDir, child + "-via-hub.kubeconfig"), "get", "nodes", "--no-headers");
                Assert.True(nodesCode == 0, nodes);
                Assert.Contains(" Ready ", nodes);
            }

            quickStart.Terminate();
            var exit = await quickStart.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(exit == 0, quickStart.Output);
            Assert.Contains("Stopping", quickStart.Output);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_start_with_the_same_state_directory_resumes_the_same_clusters()
    {
        var stateDir = Directory.CreateTempSubdirectory("quickstart-test-").FullName;
        try
        {
            var first = await ServeOnceAsync(stateDir);
            var second = await ServeOnceAsync(stateDir);

            Assert.Equal(3, first.Count);
            Assert.Equal(first, second);
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    /// <summary>Serves until READY, reads the cluster ids from the table, and stops with SIGTERM.</summary>
    private static async Task<List<string>> ServeOnceAsync(string stateDir)
    {
        await using var quickStart = QuickStartProcess.Start("--serve", "--state-dir", stateDir);
        await quickStart.WaitForLineAsync("READY", StartTimeout);
        var ids = TableRow().Matches(quickStart.Output).Select(m => m.Groups["name"].Value + "=" + m.Groups["id"].Value).Order(StringComparer.Ordinal).ToList();
        quickStart.Terminate();
        Assert.Equal(0, await quickStart.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return ids;
    }

    [GeneratedRegex(@"(?m)^\s+(?<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\s+(?<name>\S+)\s+v1")]
    private static partial Regex TableRow();
}
