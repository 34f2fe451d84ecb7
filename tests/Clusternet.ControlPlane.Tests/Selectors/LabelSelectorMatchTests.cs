using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Selectors;

namespace Clusternet.ControlPlane.Tests.Selectors;

public sealed class LabelSelectorMatchTests
{
    private static readonly Dictionary<string, string> Labels = new()
    {
        ["app"] = "web",
        ["tier"] = "front",
        ["replicas"] = "7",
        ["name"] = "x",
    };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app=api", false)]
    [InlineData("missing=", false)]
    [InlineData("app!=api", true)]
    [InlineData("app!=web", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (api,web)", true)]
    [InlineData("app in (api)", false)]
    [InlineData("missing in (x)", false)]
    [InlineData("app notin (api)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("replicas>5", true)]
    [InlineData("replicas>7", false)]
    [InlineData("replicas<8", true)]
    [InlineData("replicas<7", false)]
    [InlineData("name>1", false)]
    [InlineData("missing<100", false)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    public void Requirements_match_as_apimachinery_defines(string selector, bool expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Fact]
    public void Null_labels_are_the_empty_set()
    {
        Assert.True(LabelSelector.Parse("!a,b notin (c)").Matches((IReadOnlyDictionary<string, string>?)null));
        Assert.False(LabelSelector.Parse("a").Matches((IReadOnlyDictionary<string, string>?)null));
    }

    [Fact]
    public void Object_is_matched_on_its_metadata_labels()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"n","labels":{"app":"web"}}}""")!.AsObject();

        Assert.True(LabelSelector.Parse("app=web").Matches(obj));
        Assert.False(LabelSelector.Parse("app=api").Matches(obj));
    }

    [Fact]
    public void Object_without_labels_matches_only_absence()
    {
        var obj = JsonNode.Parse("""{"metadata":{"name":"n"}}""")!.AsObject();

        Assert.True(LabelSelector.Parse("!app").Matches(obj));
        Assert.False(LabelSelector.Parse("app").Matches(obj));
    }

    [Fact]
    public void Nothing_matches_no_object()
    {
        Assert.False(LabelSelector.Nothing.Matches(new Dictionary<string, string>()));
        Assert.False(LabelSelector.Nothing.IsEmpty);
    }
}
