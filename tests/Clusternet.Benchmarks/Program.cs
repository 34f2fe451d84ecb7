using System.Text.Json;
using Clusternet.Benchmarks;

// Usage:
//   dotnet run -c Release --project tests/Clusternet.Benchmarks -- --list
//   dotnet run -c Release --project tests/Clusternet.Benchmarks -- <scenario> [--quick]
// The last line of a run is one JSON object: {"scenario": "<name>", "metrics": {...}}.
if (args.Length > 0 && args[0] == Clusternet.Benchmarks.Scenarios.FleetScaleHost.Role)
{
    // Hidden role: the hub and controller manager of the fleet-scale scenario, started by that scenario.
    return await Clusternet.Benchmarks.Scenarios.FleetScaleHost.RunAsync(args);
}

var scenarios = ScenarioCatalog.All.ToDictionary(s => s.Name, StringComparer.Ordinal);

if (args.Length == 0 || args.Contains("--list") || args.Contains("-h") || args.Contains("--help"))
{
    if (!args.Contains("--list"))
    {
        Console.WriteLine("usage: Clusternet.Benchmarks --list | <scenario> [--quick]");
    }

    foreach (var s in scenarios.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
    {
        Console.WriteLine($"{s.Name,-24} {s.Description}");
    }

    return args.Contains("--list") ? 0 : 2;
}

var name = args.First(a => !a.StartsWith("--", StringComparison.Ordinal));
if (!scenarios.TryGetValue(name, out var scenario))
{
    Console.Error.WriteLine($"unknown scenario '{name}'; --list names them");
    return 2;
}

var quick = args.Contains("--quick");
#if DEBUG
Console.WriteLine("warning: a Debug build; run with -c Release for figures worth quoting");
#endif
Console.WriteLine($"scenario {scenario.Name}{(quick ? " (quick)" : "")}: {scenario.Description}");
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
var metrics = await scenario.RunAsync(new ScenarioRun(quick, Console.Out), cts.Token);

var json = JsonSerializer.Serialize(new
{
    scenario = scenario.Name,
    metrics = metrics.ToDictionary(m => m.Key, m => Math.Round(m.Value, 4)),
});
Console.WriteLine(json);
return 0;
