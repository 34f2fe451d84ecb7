namespace Clusternet.Benchmarks;

/// <summary>One benchmark scenario: a name the command line selects and a run that returns its metrics.</summary>
internal interface IScenario
{
    /// <summary>The scenario name used on the command line, such as <c>informer</c>.</summary>
    string Name { get; }

    /// <summary>One line saying what is measured and what the goal is.</summary>
    string Description { get; }

    /// <summary>Runs the scenario, writes a readable table through <paramref name="report"/>, returns the metrics.</summary>
    Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken);
}

/// <summary>What a scenario run knows and where it writes its table.</summary>
internal sealed class ScenarioRun(bool quick, TextWriter output)
{
    /// <summary>True with <c>--quick</c>: the whole scenario must finish in under a minute.</summary>
    public bool Quick { get; } = quick;

    /// <summary>Writes one row of the readable table.</summary>
    public void Row(string name, string value, string? note = null)
        => output.WriteLine($"  {name,-44} {value,18}  {note}");

    /// <summary>Writes a heading line.</summary>
    public void Heading(string text) => output.WriteLine(text);
}
