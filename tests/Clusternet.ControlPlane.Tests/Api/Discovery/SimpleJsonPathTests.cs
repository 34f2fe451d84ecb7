using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Tests.Api.Discovery;

public sealed class SimpleJsonPathTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""
        {"metadata":{"labels":{"app.kubernetes.io/name":"web"}},
         "spec":{"items":[{"name":"a","port":1},{"name":"b","port":2}]},
         "status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Synced","status":"True"}]}}
        """)!;

    [Theory]
    [InlineData(".spec.items[0].name", "\"a\"")]
    [InlineData(".spec.items[-1].port", "2")]
    [InlineData("{.spec.items[1].name}", "\"b\"")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "\"web\"")]
    [InlineData(".status.conditions[?(@.type=='Synced')].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "\"Synced\"")]
    public void SelectsTheFirstMatch(string path, string expected)
    {
        Assert.Equal(expected, SimpleJsonPath.Parse(path).Evaluate(Document)?.ToJsonString());
    }

    [Theory]
    [InlineData(".spec.missing.name")]
    [InlineData(".spec.items[5].name")]
    [InlineData(".status.conditions[?(@.type=='Gone')].status")]
    public void SelectsNothingWhenAStepMisses(string path)
    {
        Assert.Null(SimpleJsonPath.Parse(path).Evaluate(Document));
    }

    [Theory]
    [InlineData(".spec..name")]
    [InlineData(".spec.items[*]")]
    [InlineData("spec")]
    public void RejectsPathsOutsideTheSubset(string path)
    {
        Assert.Throws<FormatException>(() => SimpleJsonPath.Parse(path));
    }
}
