// Clusternet for .NET — QuickStart.
//
// Starts a whole fleet on 127.0.0.1: a parent cluster (an embedded Kubernetes API server), the Clusternet hub behind
// the parent's aggregator, the controller manager, and three child clusters with simulated nodes, each with an agent
// that registers with a bootstrap token and opens a tunnel to the hub. Then it prints the clusters as the parent sees
// them and, through the hub, lists each child's nodes and rolls out a Deployment there.
//
//   dotnet run --project samples/QuickStart                                   run once and exit
//   dotnet run --project samples/QuickStart -- --serve --state-dir DIR        keep running, write kubeconfigs to DIR
using System.Diagnostics;
using System.Runtime.InteropServices;
using Clusternet.Redirection;
using Clusternet.Samples.QuickStart;

var serve = args.Contains("--serve");
var stateDirArgument = Argument(args, "--state-dir");
if (args.Except(["--serve", "--state-dir", stateDirArgument ?? "--serve"]).FirstOrDefault() is { } unknown)
{
    Console.Error.WriteLine($"unknown argument '{unknown}'. Usage: QuickStart [--serve] [--state-dir DIR]");
    return 2;
}

if (args.Contains("--state-dir") && stateDirArgument is null)
{
    Console.Error.WriteLine("--state-dir needs a directory.");
    return 2;
}

var stateDir = stateDirArgument is null ? null : Path.GetFullPath(stateDirArgument);
if (stateDir is not null)
{
    Directory.CreateDirectory(stateDir);
}

// Ctrl+C and SIGTERM stop the fleet cleanly; during start-up they abort it.
using var stop = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

var clock = Stopwatch.StartNew();
Console.WriteLine("Clusternet for .NET — QuickStart");
Console.WriteLine();
Fleet? fleet = null;
using var startup = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
startup.CancelAfter(TimeSpan.FromSeconds(90));
try
{
    Console.WriteLine("1. Starting the fleet on 127.0.0.1" + (stateDir is null ? " (in memory)" : $" (state in {stateDir})"));
    fleet = await Fleet.StartAsync(stateDir, Console.Out, startup.Token);

    Console.WriteLine($"   started in {clock.Elapsed.TotalSeconds:0.0}s");
    Console.WriteLine();

    Console.WriteLine("2. Clusters registering with bootstrap token " + Fleet.BootstrapToken[..6] + ".…");
    var clusters = await FleetProgress.WaitForReadyAsync(fleet, Console.Out, startup.Token);
    Console.WriteLine();
    ClusterTable.Write(fleet, clusters, Console.Out);
    Console.WriteLine();

    Console.WriteLine("3. In each child, through the hub (KubernetesClient with ForCluster(id), as the parent's admin):");
    var parentConfiguration = fleet.Parent.CreateAdminConfiguration();
    // The children are independent: work in them at once, print in order.
    var reports = await Task.WhenAll(fleet.Children.Select(async child =>
    {
        using var report = new StringWriter();
        await ChildWorkload.RunAsync(parentConfiguration, child.Cluster.Name, child.Agent.Status.ClusterId!, Math.Min(child.Cluster.Nodes.Count + 1, 3), report, startup.Token);
        return report.ToString();
    }));
    Console.Write(string.Concat(reports));

    Console.WriteLine();
    if (!serve)
    {
        Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:0.0}s. Run with `-- --serve --state-dir DIR` to keep the fleet running and use kubectl.");
        return 0;
    }

    var dir = stateDir ?? Directory.CreateTempSubdirectory("clusternet-quickstart-").FullName;
    Console.WriteLine($"4. Kubeconfigs in {dir}:");
    var parentPath = Path.Combine(dir, "parent.kubeconfig");
    await fleet.Parent.WriteKubeconfigAsync(parentPath, startup.Token);
    Console.WriteLine($"   {parentPath}");
    foreach (var (cluster, plane, agent) in fleet.Children)
    {
        var direct = Path.Combine(dir, cluster.Name + ".kubeconfig");
        var viaHub = Path.Combine(dir, cluster.Name + "-via-hub.kubeconfig");
        await plane.WriteKubeconfigAsync(direct, startup.Token);
        await ChildKubeconfig.WriteAsync(parentPath, agent.Status.ClusterId!, viaHub, cancellationToken: startup.Token);
        Console.WriteLine($"   {direct}");
        Console.WriteLine($"   {viaHub}");
    }

    Console.WriteLine();
    Console.WriteLine($"   kubectl --kubeconfig {parentPath} get managedclusters -A");
    Console.WriteLine($"   kubectl --kubeconfig {Path.Combine(dir, ChildCluster.All[^1].Name + "-via-hub.kubeconfig")} get nodes");
    Console.WriteLine("Press Ctrl+C to stop.");
    Console.WriteLine("READY");
    await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    Console.WriteLine("Stopping…");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("QuickStart interrupted before the fleet was ready.");
    return 130;
}
catch (OperationCanceledException) when (startup.IsCancellationRequested)
{
    Console.Error.WriteLine($"QuickStart failed: the fleet was not ready after {clock.Elapsed.TotalSeconds:0}s.");
    foreach (var (cluster, _, agent) in fleet?.Children ?? [])
    {
        Console.Error.WriteLine($"   {cluster.Name}: agent {agent.Status.Phase}, tunnel {(agent.Status.TunnelConnected ? "connected" : "not connected")}{(agent.Status.Message is { } m ? ": " + m : string.Empty)}");
    }

    return 1;
}
catch (Exception e)
{
    Console.Error.WriteLine($"QuickStart failed: {e.GetType().Name}: {e.Message}");
    return 1;
}
finally
{
    if (fleet is not null)
    {
        await fleet.DisposeAsync();
    }
}

static string? Argument(string[] args, string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}
