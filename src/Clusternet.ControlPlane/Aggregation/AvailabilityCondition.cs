using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Rest;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>An APIService's <c>Available</c> condition as kube-aggregator's availability controllers word it.</summary>
internal sealed record AvailabilityCondition(string Status, string Reason, string Message)
{
    public static AvailabilityCondition Passed { get; } = new("True", "Passed", "all checks passed");

    public static AvailabilityCondition LocalCondition { get; } = new("True", "Local", "Local APIServices are always available");

    public static AvailabilityCondition ServiceNotFound(ServiceReference s) =>
        new("False", "ServiceNotFound", $"service/{s.Name} in \"{s.Namespace}\" is not present");

    public static AvailabilityCondition ServicePortError(ServiceReference s) =>
        new("False", "ServicePortError", $"service/{s.Name} in \"{s.Namespace}\" is not listening on port {s.Port}");

    public static AvailabilityCondition EndpointsNotFound(ServiceReference s) =>
        new("False", "EndpointsNotFound", $"cannot find endpoints for service/{s.Name} in \"{s.Namespace}\"");

    public static AvailabilityCondition MissingEndpoints(ServiceReference s, string portName) =>
        new("False", "MissingEndpoints", $"endpoints for service/{s.Name} in \"{s.Namespace}\" have no addresses with port name \"{portName}\"");

    public static AvailabilityCondition FailedDiscoveryCheck(string message) => new("False", "FailedDiscoveryCheck", message);

    /// <summary>The Local condition as JSON, for APIServices written straight into storage at start.</summary>
    public static JsonObject Local(DateTimeOffset now) => LocalCondition.ToJson(now);

    public JsonObject ToJson(DateTimeOffset lastTransitionTime) => new()
    {
        ["type"] = "Available",
        ["status"] = Status,
        ["lastTransitionTime"] = ObjectMetadata.Timestamp(lastTransitionTime),
        ["reason"] = Reason,
        ["message"] = Message,
    };
}
