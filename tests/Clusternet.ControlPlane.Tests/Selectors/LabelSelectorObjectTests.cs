using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Selectors;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Selectors;

public sealed class LabelSelectorObjectTests
{
    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void Match_labels_and_expressions_become_one_sorted_selector()
    {
        var selector = LabelSelector.FromObject(Json("""
            {"matchLabels":{"z":"1","app":"web"},
             "matchExpressions":[
               {"key":"tier","operator":"In","values":["b","a"]},
               {"key":"env","operator":"NotIn","values":["prod"]},
               {"key":"owner","operator":"Exists"},
               {"key":"legacy","operator":"DoesNotExist"}]}
            """));

        Assert.Equal("app=web,env notin (prod),!legacy,owner,tier in (a,b),z=1", selector.ToString());
    }

    [Fact]
    public void Converted_selector_matches_like_the_parsed_one()
    {
        var selector = LabelSelector.FromObject(Json("""{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["a"]}]}"""));

        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "a" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "b" }));
    }

    [Fact]
    public void Null_selector_matches_nothing()
    {
        Assert.Same(LabelSelector.Nothing, LabelSelector.FromObject((JsonObject?)null));
    }

    [Fact]
    public void Empty_selector_matches_everything()
    {
        Assert.True(LabelSelector.FromObject(new JsonObject()).IsEmpty);
    }

    [Fact]
    public void Unknown_operator_is_named()
    {
        var error = Assert.Throws<SelectorParseException>(() =>
            LabelSelector.FromObject(Json("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""")));

        Assert.Equal("\"Gt\" is not a valid label selector operator", error.Message);
    }

    [Fact]
    public void In_without_values_is_rejected()
    {
        var error = Assert.Throws<SelectorParseException>(() =>
            LabelSelector.FromObject(Json("""{"matchExpressions":[{"key":"a","operator":"In"}]}""")));

        Assert.Equal("values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty", error.Message);
    }

    [Fact]
    public void Exists_with_values_is_rejected()
    {
        var error = Assert.Throws<SelectorParseException>(() =>
            LabelSelector.FromObject(Json("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x","y"]}]}""")));

        Assert.Equal("values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist", error.Message);
    }

    [Fact]
    public void Invalid_match_label_key_is_reported_on_key()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.FromObject(Json("""{"matchLabels":{"-a":"x"}}""")));

        Assert.StartsWith("key: Invalid value: \"-a\": name part must consist of", error.Message);
    }

    [Fact]
    public void Invalid_match_label_value_is_reported_with_its_key()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.FromObject(Json("""{"matchLabels":{"a":"x y"}}""")));

        Assert.StartsWith("values[0][a]: Invalid value: \"x y\": a valid label must be", error.Message);
    }

    [Fact]
    public void Typed_model_converts_like_its_json()
    {
        var model = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "web" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "tier", OperatorProperty = "NotIn", Values = ["a"] }],
        };

        Assert.Equal("app=web,tier notin (a)", LabelSelector.FromObject(model).ToString());
    }

    [Fact]
    public void Null_typed_model_matches_nothing()
    {
        Assert.Same(LabelSelector.Nothing, LabelSelector.FromObject((V1LabelSelector?)null));
    }
}
