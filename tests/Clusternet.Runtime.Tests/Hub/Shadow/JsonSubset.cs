using System.Text.Json.Nodes;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

/// <summary>Comparing what was written with what the shadow API returns, which may add defaults and identity.</summary>
internal static class JsonSubset
{
    /// <summary>Everything the example says is in what the shadow API returns (which may add defaults and identity).</summary>
    public static void AssertContains(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected)
        {
            case JsonObject map:
                var actualMap = Assert.IsType<JsonObject>(actual);
                foreach (var (key, value) in map)
                {
                    AssertContains(value, actualMap[key], path + "." + key);
                }

                break;
            case JsonArray list:
                var actualList = Assert.IsType<JsonArray>(actual);
                Assert.True(list.Count == actualList.Count, $"{path}: {list.Count} items expected, {actualList.Count} found");
                for (var i = 0; i < list.Count; i++)
                {
                    AssertContains(list[i], actualList[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(expected?.ToJsonString() == actual?.ToJsonString(), $"{path}: {expected?.ToJsonString()} expected, {actual?.ToJsonString()} found");
                break;
        }
    }
}
