namespace Clusternet.Benchmarks;

/// <summary>Every scenario this benchmark app runs; each issue adds its own.</summary>
internal static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new Scenarios.ClientSerializationScenario(),
        new Scenarios.InformerScenario(),
        new Scenarios.ControlPlaneScenario(),
        new Scenarios.ControlPlaneAuthScenario(),
        new Scenarios.ControlPlaneAggregationScenario(),
        new Scenarios.TunnelProxyScenario(),
        new Scenarios.RegistrationScenario(),
        new Scenarios.FleetScaleScenario(),
    ];
}
