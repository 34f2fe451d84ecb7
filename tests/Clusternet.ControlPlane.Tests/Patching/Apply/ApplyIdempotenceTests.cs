using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching.Apply;
using static Clusternet.ControlPlane.Tests.Patching.Apply.ApplyText;

namespace Clusternet.ControlPlane.Tests.Patching.Apply;

/// <summary>Property: applying a configuration a second time changes nothing but the applier's time stamp.</summary>
public sealed class ApplyIdempotenceTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void ReapplyingTheSameConfigurationIsANoOp(int seed)
    {
        var random = new Random(seed);
        var first = RandomDeployment(random);
        var second = RandomDeployment(random);

        // Two appliers and an update make the live object's ownership non-trivial before the property is checked.
        var live = ServerSideApply.Apply(null, first, "a", false, clock: Clock());
        live = ServerSideApply.Apply(live, second, "b", force: true, clock: Clock(1));
        var edited = (JsonObject)live.DeepClone();
        edited["metadata"]!["annotations"] = new JsonObject { ["edited"] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        live = ManagedFieldsTracker.RecordUpdate(live, edited, "editor", clock: Clock(2));

        var once = ServerSideApply.Apply(live, second, "b", force: false, clock: Clock(3));
        var twice = ServerSideApply.Apply(once, second, "b", force: false, clock: Clock(4));
        Assert.Equal(WithoutTimes(once), WithoutTimes(twice));
        Assert.Equal("2025-01-02T03:04:09Z", (string?)Entry(twice, "b")!["time"]);
    }

    private static string WithoutTimes(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        foreach (var entry in copy["metadata"]!["managedFields"]!.AsArray())
        {
            entry!.AsObject().Remove("time");
        }

        return copy.ToJsonString();
    }

    private static JsonObject RandomDeployment(Random random)
    {
        string Pick(params string[] values) => values[random.Next(values.Length)];
        var labels = new JsonObject();
        foreach (var key in new[] { "app", "tier", "team" }.Where(_ => random.Next(2) == 0))
        {
            labels[key] = Pick("x", "y");
        }

        var containers = new JsonArray();
        foreach (var name in new[] { "web", "log", "proxy" }.Where(_ => random.Next(3) > 0))
        {
            var container = new JsonObject { ["name"] = name, ["image"] = Pick("i:1", "i:2") };
            if (random.Next(2) == 0)
            {
                container["env"] = new JsonArray([.. new[] { "A", "B" }.Where(_ => random.Next(2) == 0).Select(e => new JsonObject { ["name"] = e, ["value"] = Pick("1", "2") })]);
            }

            if (random.Next(2) == 0)
            {
                container["args"] = new JsonArray(Pick("-v", "-q"), Pick("x", "y"));
            }

            containers.Add(container);
        }

        var metadata = new JsonObject { ["name"] = "web", ["labels"] = labels };
        if (random.Next(2) == 0)
        {
            metadata["finalizers"] = new JsonArray([.. new[] { "f/a", "f/b" }.Where(_ => random.Next(2) == 0).Select(f => (JsonNode)f)]);
        }

        var spec = new JsonObject { ["template"] = new JsonObject { ["spec"] = new JsonObject { ["containers"] = containers } } };
        if (random.Next(2) == 0)
        {
            spec["replicas"] = random.Next(1, 4);
        }

        return new JsonObject { ["apiVersion"] = "apps/v1", ["kind"] = "Deployment", ["metadata"] = metadata, ["spec"] = spec };
    }
}
