using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching.Apply;

namespace Clusternet.ControlPlane.Tests.Patching.Apply;

/// <summary>Objects and clocks the apply tests share.</summary>
internal static class ApplyText
{
    public const string Deployment =
        "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default','labels':{'app':'web'}}," +
        "'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}}," +
        "'spec':{'containers':[{'name':'nginx','image':'nginx:1'}]}}}}";

    public static readonly DateTimeOffset Start = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static FixedClock Clock(int secondsLater = 0) => new(Start.AddSeconds(secondsLater));

    public static JsonObject Applied(JsonObject? live, string applied, string manager, bool force = false, int at = 0) =>
        ServerSideApply.Apply(live, PatchText.O(applied), manager, force, clock: Clock(at));

    public static JsonObject? Entry(JsonObject obj, string manager, string operation = "Apply") =>
        obj["metadata"]!["managedFields"]!.AsArray().OfType<JsonObject>()
            .SingleOrDefault(e => (string?)e["manager"] == manager && (string?)e["operation"] == operation);

    public static JsonNode? At(JsonNode node, string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(node, (n, step) => int.TryParse(step, out var i) ? n?[i] : n?[step]);

    internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
