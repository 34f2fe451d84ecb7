using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Api.OpenApi;

public sealed class OpenApi3DocumentTests
{
    [Fact]
    public void IndexListsEveryServedGroupVersionWithAHashedUrl()
    {
        var fixtures = new OpenApiFixtures();
        var paths = OpenApiFixtures.Parse(fixtures.Documents.Index())["paths"]!.AsObject();

        var expected = fixtures.Catalog.Groups().SelectMany(g => g.Versions)
            .Select(v => v.Group.Length == 0 ? "api/" + v.Version : $"apis/{v.Group}/{v.Version}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, paths.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(paths, p => Assert.Matches($"^/openapi/v3/{p.Key}\\?hash=[0-9A-F]{{128}}$", (string?)p.Value!["serverRelativeURL"]));
    }

    [Fact]
    public void EveryIndexedDocumentParsesAsOpenApi3WithItsKinds()
    {
        var fixtures = new OpenApiFixtures();
        foreach (var groupVersion in fixtures.Catalog.Groups().SelectMany(g => g.Versions))
        {
            var path = groupVersion.Group.Length == 0 ? "api/" + groupVersion.Version : $"apis/{groupVersion.Group}/{groupVersion.Version}";
            var document = fixtures.OpenApi3(path);
            var schemas = document["components"]!["schemas"]!.AsObject();

            Assert.Equal("3.0.0", (string?)document["openapi"]);
            Assert.All(groupVersion.Resources, r => Assert.Contains(schemas, s => OpenApiFixtures.HasGvk(s.Value, r.Group, r.Version, r.Kind)));
        }
    }

    [Fact]
    public void PatchOperationListsFieldValidationAsKubectlRequires()
    {
        var patch = new OpenApiFixtures().OpenApi3("api/v1")["paths"]!["/api/v1/namespaces/{namespace}/configmaps/{name}"]!["patch"]!;

        Assert.Equal("ConfigMap", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation" && (string?)p["in"] == "query");
        Assert.NotNull(patch["requestBody"]!["content"]!["application/strategic-merge-patch+json"]);
    }

    [Fact]
    public void ReferencesPointIntoComponentsAndResolve()
    {
        var document = new OpenApiFixtures().OpenApi3("apis/apps/v1");
        var schemas = document["components"]!["schemas"]!.AsObject();

        var references = SwaggerDocumentTests.References(document).Distinct().ToList();

        Assert.All(references, r => Assert.StartsWith("#/components/schemas/", r));
        Assert.All(references, r => Assert.True(schemas.ContainsKey(r["#/components/schemas/".Length..]), r));
        Assert.Equal("name", (string?)schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!["x-kubernetes-patch-merge-key"]);
    }

    [Fact]
    public void CustomResourceSchemaKeepsOpenApi3Constructs()
    {
        var fixtures = new OpenApiFixtures();
        fixtures.Apply(OpenApiFixtures.Widget());

        var document = fixtures.OpenApi3("apis/example.com/v1");
        var widget = document["components"]!["schemas"]!["com.example.v1.Widget"]!;
        var spec = widget["properties"]!["spec"]!["properties"]!;

        Assert.True(OpenApiFixtures.HasGvk(widget, "example.com", "v1", "Widget"));
        Assert.True((bool?)spec["color"]!["nullable"]);
        Assert.True((bool?)spec["port"]!["x-kubernetes-int-or-string"]);
        Assert.True(OpenApiFixtures.HasGvk(document["components"]!["schemas"]!["com.example.v1.WidgetList"], "example.com", "v1", "WidgetList"));
    }

    [Fact]
    public void CustomResourcePatchDoesNotOfferStrategicMergePatch()
    {
        var fixtures = new OpenApiFixtures();
        fixtures.Apply(OpenApiFixtures.Widget());

        var patch = fixtures.OpenApi3("apis/example.com/v1")["paths"]!["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        var content = patch["requestBody"]!["content"]!.AsObject();

        Assert.Equal("patchExampleComV1NamespacedWidget", (string?)patch["operationId"]);
        Assert.False(content.ContainsKey("application/strategic-merge-patch+json"));
        Assert.True(content.ContainsKey("application/merge-patch+json"));
    }

    [Fact]
    public void UnservedGroupVersionHasNoDocument()
    {
        Assert.Null(new OpenApiFixtures().Documents.GroupVersion("apis/example.com/v1"));
    }
}
