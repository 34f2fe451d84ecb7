using System.Diagnostics;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.OpenApi;
using Xunit.Abstractions;

namespace Clusternet.ControlPlane.Tests.Api.OpenApi;

public sealed class OpenApiDocumentsCacheTests(ITestOutputHelper output)
{
    [Fact]
    public void UnchangedCatalogServesTheSameDocument()
    {
        var fixtures = new OpenApiFixtures();

        Assert.Same(fixtures.Documents.Index(), fixtures.Documents.Index());
        Assert.Same(fixtures.Documents.SwaggerJson(), fixtures.Documents.SwaggerJson());
    }

    [Fact]
    public void AddedCustomResourceDefinitionAppearsInTheIndexAndSwagger()
    {
        var fixtures = new OpenApiFixtures();
        var before = fixtures.Documents.Index();
        _ = fixtures.Documents.SwaggerJson();

        fixtures.Apply(OpenApiFixtures.Widget());

        Assert.NotEqual(before.Hash, fixtures.Documents.Index().Hash);
        Assert.NotNull(OpenApiFixtures.Parse(fixtures.Documents.Index())["paths"]!["apis/example.com/v1"]);
        Assert.NotNull(fixtures.Swagger()["definitions"]!["com.example.v1.Widget"]);
    }

    [Fact]
    public void ChangedGroupVersionGetsANewHashWhileOthersKeepTheirs()
    {
        var fixtures = new OpenApiFixtures();
        fixtures.Apply(OpenApiFixtures.Widget());
        var widgets = fixtures.Documents.GroupVersion("apis/example.com/v1")!.Hash;
        var core = fixtures.Documents.GroupVersion("api/v1")!.Hash;

        var changed = OpenApiFixtures.Widget();
        changed.Spec.Versions[0].Schema.OpenAPIV3Schema.Properties["spec"].Properties["shape"] = new() { Type = "string" };
        fixtures.Apply(changed);

        Assert.NotEqual(widgets, fixtures.Documents.GroupVersion("apis/example.com/v1")!.Hash);
        Assert.Equal(core, fixtures.Documents.GroupVersion("api/v1")!.Hash);
    }

    [Fact]
    public void RemovedCustomResourceDefinitionLeavesTheIndex()
    {
        var fixtures = new OpenApiFixtures();
        fixtures.Apply(OpenApiFixtures.Widget());
        _ = fixtures.Documents.Index();

        fixtures.Catalog.RemoveDefinition("widgets.example.com");

        Assert.Null(OpenApiFixtures.Parse(fixtures.Documents.Index())["paths"]!["apis/example.com/v1"]);
        Assert.Null(fixtures.Documents.GroupVersion("apis/example.com/v1"));
    }

    [Fact]
    public void SwaggerForAllBuiltInsBuildsWithinHalfASecond()
    {
        var cold = Stopwatch.StartNew();
        var first = new OpenApiDocuments(ResourceCatalog.CreateWithBuiltIns(), _ => null).SwaggerJson();
        cold.Stop();

        var warm = Stopwatch.StartNew();
        var document = new OpenApiDocuments(ResourceCatalog.CreateWithBuiltIns(), _ => null).SwaggerJson();
        warm.Stop();

        var v3 = new OpenApiDocuments(ResourceCatalog.CreateWithBuiltIns(), _ => null);
        var all = Stopwatch.StartNew();
        var index = v3.Index();
        all.Stop();

        output.WriteLine($"v2 first build (includes reflection over the models, unless another test ran first): {cold.ElapsedMilliseconds} ms, {first.Content.Length} bytes");
        output.WriteLine($"v2 build with models reflected: {warm.ElapsedMilliseconds} ms, {document.Content.Length} bytes");
        output.WriteLine($"v3 index plus every group-version document: {all.ElapsedMilliseconds} ms");
        Assert.True(warm.ElapsedMilliseconds < 500, $"v2 took {warm.ElapsedMilliseconds} ms");
        Assert.InRange(document.Content.Length, 100_000, 20_000_000);
        Assert.NotEmpty(index.Content);
    }
}
