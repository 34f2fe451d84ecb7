using Clusternet.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using Clusternet.Runtime.DependencyInjection;
using Clusternet.Runtime.Hub;
using Clusternet.Runtime.Tunnel;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// The hub and the controller manager of the <c>fleet-scale</c> scenario, in a process of their own so that their CPU
/// time and memory are measured apart from the parent's and the agents'. The benchmark starts it as
/// <c>Clusternet.Benchmarks fleet-scale-host --kubeconfig FILE --hub-port P</c> and talks to it over stdin/stdout, one
/// line per request: <c>heap</c> (managed heap after a full blocking compacting collection, with its generations),
/// <c>sessions</c> (the cluster ids holding a tunnel session) and <c>quit</c>. It writes <c>ready</c> once it serves.
/// </summary>
internal static class FleetScaleHost
{
    public const string Role = "fleet-scale-host";

    public static async Task<int> RunAsync(string[] args)
    {
        string? kubeconfig = null;
        var port = 0;
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--kubeconfig": kubeconfig = args[i + 1]; break;
                case "--hub-port": port = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
            }
        }

        if (kubeconfig is null || port == 0)
        {
            await Console.Error.WriteLineAsync($"usage: {Role} --kubeconfig FILE --hub-port P");
            return 2;
        }

        var parent = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
        var (caPem, serving) = TestHub.IssueServing();
        var builder = TestHub.CreateBuilder(parent, port, caPem, serving);
        if (Environment.GetEnvironmentVariable("FLEET_HOST_LOG") is not null)
        {
            builder.Logging.AddSimpleConsole(o => { o.TimestampFormat = "HH:mm:ss.fff "; o.SingleLine = true; }).SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.Services.AddClusternetControllerManager(options =>
        {
            options.Parent = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            options.ApplyBootstrapRbac = true;
            options.LeaderElection = false;
            options.Workers = int.TryParse(Environment.GetEnvironmentVariable("FLEET_CM_WORKERS"), out var w) ? w : 16;
        });
        await using var app = await TestHub.StartAsync(builder);
        var tunnel = app.Services.GetRequiredService<RemoteDialerServer>();
        Console.WriteLine("ready");

        while (await Console.In.ReadLineAsync() is { } line)
        {
            switch (line.Trim())
            {
                case "heap":
                    Console.WriteLine(Heap());
                    break;
                case "sessions":
                    Console.WriteLine("sessions " + string.Join(',', tunnel.ClusterIds));
                    break;
                case "quit":
                    await app.StopAsync();
                    return 0;
            }
        }

        await app.StopAsync();
        return 0;
    }

    /// <summary>
    /// <c>heap TOTAL gen0 gen1 gen2 loh poh</c>, bytes after two full blocking compacting collections (finalizers run
    /// in between, so what they release is gone too).
    /// </summary>
    private static string Heap()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var total = GC.GetTotalMemory(forceFullCollection: false);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        var generations = string.Join(' ', Enumerable.Range(0, info.GenerationInfo.Length).Select(g => info.GenerationInfo[g].SizeAfterBytes.ToString(CultureInfo.InvariantCulture)));
        return $"heap {total.ToString(CultureInfo.InvariantCulture)} {generations}";
    }

    /// <summary>Starts this benchmark executable again in the host role.</summary>
    public static Process Launch(string kubeconfig, int port)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var path = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
        {
            start.FileName = path;
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }
        else
        {
            start.FileName = path;
        }

        foreach (var arg in (string[])[Role, "--kubeconfig", kubeconfig, "--hub-port", port.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start the hub process");
    }
}
