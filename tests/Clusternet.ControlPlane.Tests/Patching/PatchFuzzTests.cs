using System.Diagnostics;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Tests.Patching;

/// <summary>Seeded random documents and patches: only <see cref="PatchException"/> escapes, and no input is modified.</summary>
public sealed class PatchFuzzTests
{
    private const int Cases = 3000;

    private static readonly string[] Keys = ["a", "b", "name", "type", "x/y", "m~n", "containers", "env", "finalizers", "0", "-", "$patch", "$retainKeys", "$setElementOrder/containers", "$deleteFromPrimitiveList/finalizers", "value"];
    private static readonly string[] Ops = ["add", "remove", "replace", "move", "copy", "test", "nope", ""];

    [Fact]
    public void JsonPatchThrowsOnlyPatchExceptionAndLeavesInputsAlone()
    {
        var random = new Random(6902);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var document = Value(random, 4);
            var pointers = Pointers(document).ToList();
            var patch = new JsonArray();
            for (var n = random.Next(4); n >= 0; n--)
            {
                patch.Add(Operation(random, pointers));
            }

            JsonNode? patchDocument = random.Next(20) == 0 ? Value(random, 2) : patch;
            var before = document?.ToJsonString();
            var patchBefore = patchDocument?.ToJsonString();
            try
            {
                JsonPatch.Parse(patchDocument).Apply(document);
            }
            catch (PatchException)
            {
            }

            Assert.Equal(before, document?.ToJsonString());
            Assert.Equal(patchBefore, patchDocument?.ToJsonString());
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
    }

    [Fact]
    public void ReplacingEveryLeafWithItselfRoundTrips()
    {
        var random = new Random(6901);
        for (var i = 0; i < Cases; i++)
        {
            var document = Value(random, 4);
            var patch = new JsonArray();
            foreach (var (pointer, leaf) in Leaves(document, ""))
            {
                patch.Add(new JsonObject { ["op"] = "replace", ["path"] = pointer, ["value"] = leaf?.DeepClone() });
                patch.Add(new JsonObject { ["op"] = "test", ["path"] = pointer, ["value"] = leaf?.DeepClone() });
            }

            var patched = JsonPatch.Parse(patch).Apply(document);
            Assert.True(JsonData.DeepEquals(document, patched), document?.ToJsonString());
        }
    }

    [Fact]
    public void MergePatchNeverThrowsAndLeavesInputsAlone()
    {
        var random = new Random(7386);
        for (var i = 0; i < Cases; i++)
        {
            var document = Value(random, 4);
            var patch = Value(random, 4);
            var before = (document?.ToJsonString(), patch?.ToJsonString());
            var patched = MergePatch.Apply(document, patch);
            Assert.Equal(before, (document?.ToJsonString(), patch?.ToJsonString()));

            // RFC 7386 is idempotent: applying the same patch again changes nothing.
            Assert.True(JsonData.DeepEquals(patched, MergePatch.Apply(patched, patch)));
        }
    }

    [Fact]
    public void StrategicMergePatchThrowsOnlyPatchExceptionAndLeavesInputsAlone()
    {
        var random = new Random(1);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var document = new JsonObject { ["metadata"] = Value(random, 2), ["spec"] = Value(random, 4) };
            var patch = random.Next(10) == 0 ? Value(random, 3) : new JsonObject { ["metadata"] = Value(random, 2), ["spec"] = Value(random, 4) };
            var before = (document.ToJsonString(), patch?.ToJsonString());
            try
            {
                StrategicMergePatch.Apply(document, patch, "", "Pod");
            }
            catch (PatchException)
            {
            }

            Assert.Equal(before, (document.ToJsonString(), patch?.ToJsonString()));
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "took " + clock.Elapsed);
    }

    private static JsonNode? Value(Random random, int depth)
    {
        switch (random.Next(depth <= 0 ? 5 : 8))
        {
            case 0: return null;
            case 1: return random.Next(2) == 0;
            case 2: return random.Next(-3, 100);
            case 3: return random.NextDouble() * 10;
            case 4: return Keys[random.Next(Keys.Length)];
            case 5:
            case 6:
                var members = new JsonObject();
                for (var n = random.Next(4); n > 0; n--)
                {
                    members[Keys[random.Next(Keys.Length)]] = Value(random, depth - 1);
                }

                return members;
            default:
                var items = new JsonArray();
                for (var n = random.Next(4); n > 0; n--)
                {
                    items.Add(Value(random, depth - 1));
                }

                return items;
        }
    }

    private static JsonNode Operation(Random random, List<string> pointers)
    {
        string Pointer() => random.Next(6) switch
        {
            0 => "/" + Keys[random.Next(Keys.Length)],
            1 => "bad~" + random.Next(3),
            2 => pointers[random.Next(pointers.Count)] + "/-",
            _ => pointers[random.Next(pointers.Count)],
        };

        var operation = new JsonObject { ["op"] = Ops[random.Next(Ops.Length)] };
        if (random.Next(10) > 0)
        {
            operation["path"] = Pointer();
        }

        if (random.Next(2) == 0)
        {
            operation["from"] = Pointer();
        }

        if (random.Next(4) > 0)
        {
            operation["value"] = Value(random, 2);
        }

        return operation;
    }

    private static IEnumerable<string> Pointers(JsonNode? node, string prefix = "")
    {
        yield return prefix;
        switch (node)
        {
            case JsonObject members:
                foreach (var (key, value) in members)
                {
                    foreach (var inner in Pointers(value, prefix + "/" + key.Replace("~", "~0").Replace("/", "~1")))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray items:
                for (var i = 0; i < items.Count; i++)
                {
                    foreach (var inner in Pointers(items[i], prefix + "/" + i))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private static IEnumerable<(string Pointer, JsonNode? Leaf)> Leaves(JsonNode? node, string prefix)
    {
        switch (node)
        {
            case JsonObject members when members.Count > 0:
                return members.SelectMany(p => Leaves(p.Value, prefix + "/" + p.Key.Replace("~", "~0").Replace("/", "~1")));
            case JsonArray items when items.Count > 0:
                return items.SelectMany((item, i) => Leaves(item, prefix + "/" + i));
            default:
                return [(prefix, node)];
        }
    }
}
