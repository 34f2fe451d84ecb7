using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Tests.Patching;

/// <summary>JSON literals written with single quotes, and a structural comparison that prints both sides.</summary>
internal static class PatchText
{
    public static JsonNode? J(string text) => JsonNode.Parse(text.Replace('\'', '"'));

    public static JsonObject O(string text) => (JsonObject)J(text)!;

    public static void Same(string expected, JsonNode? actual)
    {
        var wanted = J(expected);
        Assert.True(JsonData.DeepEquals(wanted, actual), "expected " + (wanted?.ToJsonString() ?? "null") + " but got " + (actual?.ToJsonString() ?? "null"));
    }

    /// <summary>Compares including the order of object members, for tests about placement.</summary>
    public static void Exactly(string expected, JsonNode? actual) =>
        Assert.Equal(J(expected)?.ToJsonString(), actual?.ToJsonString());
}
