using System.Net;
using System.Text.Json.Nodes;
using Clusternet.Runtime.Hub.Shadow;

namespace Clusternet.Runtime.Tests.Hub.Shadow;

/// <summary>The patch types the shadow API applies to stored templates itself.</summary>
public sealed class ShadowPatchTests
{
    private static JsonObject Pod() => JsonNode.Parse("""
        {"metadata":{"name":"p","finalizers":["a"],"labels":{"x":"1","y":"2"}},
         "spec":{"containers":[{"name":"app","image":"one","ports":[{"containerPort":80,"protocol":"TCP"}],"env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]},
                               {"name":"side","image":"two"}]}}
        """)!.AsObject();

    private static JsonObject Apply(string patch, string mediaType, bool customResource = false) =>
        ShadowPatches.Apply(Pod(), JsonNode.Parse(patch), mediaType, customResource);

    [Fact]
    public void A_merge_patch_null_removes_a_field_and_replaces_lists()
    {
        var result = Apply("""{"metadata":{"labels":{"x":null}},"spec":{"containers":[{"name":"only"}]}}""", ShadowPatches.MergePatch);

        Assert.False(result["metadata"]!["labels"]!.AsObject().ContainsKey("x"));
        Assert.Equal("only", Assert.Single(result["spec"]!["containers"]!.AsArray())!["name"]!.GetValue<string>());
    }

    [Fact]
    public void A_json_patch_adds_removes_and_moves()
    {
        var result = Apply("""
            [{"op":"add","path":"/metadata/finalizers/-","value":"b"},
             {"op":"remove","path":"/spec/containers/1"},
             {"op":"move","from":"/metadata/labels/y","path":"/metadata/labels/z"},
             {"op":"add","path":"/metadata/annotations","value":{"a~b/c":"d"}}]
            """, ShadowPatches.JsonPatch);

        Assert.Equal(["a", "b"], result["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Single(result["spec"]!["containers"]!.AsArray());
        Assert.Equal("2", result["metadata"]!["labels"]!["z"]!.GetValue<string>());
        Assert.Equal("d", result["metadata"]!["annotations"]!["a~b/c"]!.GetValue<string>());
    }

    [Fact]
    public void A_failed_json_patch_test_is_422()
    {
        var failure = Assert.Throws<ShadowException>(() => Apply("""[{"op":"test","path":"/metadata/name","value":"q"}]""", ShadowPatches.JsonPatch));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, failure.StatusCode);
    }

    [Fact]
    public void A_strategic_patch_merges_nested_lists_by_their_keys()
    {
        var result = Apply("""
            {"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"}],"env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}
            """, ShadowPatches.StrategicMergePatch);

        var app = result["spec"]!["containers"]![0]!;
        Assert.Equal(2, result["spec"]!["containers"]!.AsArray().Count);
        Assert.Equal("one", app["image"]!.GetValue<string>());
        Assert.Equal("http", app["ports"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("TCP", app["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal(["A=1", "B=3", "C=4"], app["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>() + "=" + e["value"]!.GetValue<string>()));
    }

    [Fact]
    public void A_strategic_patch_honours_delete_directives()
    {
        var result = Apply("""
            {"metadata":{"finalizers":["b"],"$deleteFromPrimitiveList/finalizers":["a"]},
             "spec":{"containers":[{"name":"side","$patch":"delete"}],"$setElementOrder/containers":[{"name":"app"}]}}
            """, ShadowPatches.StrategicMergePatch);

        Assert.Equal(["b"], result["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal("app", Assert.Single(result["spec"]!["containers"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.False(result["spec"]!.AsObject().ContainsKey("$setElementOrder/containers"));
    }

    [Fact]
    public void A_strategic_patch_of_a_custom_resource_is_415()
    {
        var failure = Assert.Throws<ShadowException>(() => Apply("{}", ShadowPatches.StrategicMergePatch, customResource: true));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, failure.StatusCode);
    }
}
