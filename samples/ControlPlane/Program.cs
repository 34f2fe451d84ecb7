// A local Kubernetes API without a cluster:
//   dotnet run --project samples/ControlPlane -- --data-dir DIR [--port N]
// writes DIR/admin.kubeconfig, prints READY once it serves, stops cleanly on Ctrl+C or SIGTERM,
// and resumes the same state when started again on the same DIR.
using System.Runtime.InteropServices;
using Clusternet.ControlPlane.Hosting;

string? dataDir = null;
var port = 0;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--data-dir" when i + 1 < args.Length:
            dataDir = args[++i];
            break;
        case "--port" when i + 1 < args.Length && int.TryParse(args[i + 1], out var p) && p is >= 0 and <= 65535:
            port = p;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete argument '{args[i]}'");
            Console.Error.WriteLine("usage: clusternet-controlplane --data-dir DIR [--port N]");
            return 2;
    }
}

if (dataDir is null)
{
    Console.Error.WriteLine("usage: clusternet-controlplane --data-dir DIR [--port N]   (state is kept in DIR)");
    return 2;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });

await using var plane = await ControlPlane.StartAsync(new ControlPlaneOptions { DataDirectory = Path.GetFullPath(dataDir), Port = port }, stop.Token);
Console.WriteLine($"serving the Kubernetes API at {plane.BaseAddress}");
Console.WriteLine($"kubeconfig: {plane.KubeconfigPath}   (kubectl --kubeconfig {plane.KubeconfigPath} get namespaces)");
Console.WriteLine("READY");

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("stopping");
await plane.StopAsync(CancellationToken.None);
Console.WriteLine("stopped");
return 0;
