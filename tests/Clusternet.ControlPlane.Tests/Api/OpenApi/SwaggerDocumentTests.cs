using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Api.OpenApi;

public sealed class SwaggerDocumentTests
{
    [Fact]
    public void EveryServedKindHasADefinitionCarryingItsGroupVersionKind()
    {
        var fixtures = new OpenApiFixtures();
        var definitions = fixtures.Swagger()["definitions"]!.AsObject();

        var missing = fixtures.Catalog.Resources
            .Where(r => !definitions.Any(d => OpenApiFixtures.HasGvk(d.Value, r.Group, r.Version, r.Kind)))
            .Select(r => r.GroupVersion + "/" + r.Kind)
            .ToList();

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("io.k8s.api.core.v1.ConfigMap", "", "ConfigMap")]
    [InlineData("io.k8s.api.apps.v1.Deployment", "apps", "Deployment")]
    [InlineData("io.k8s.api.rbac.v1.ClusterRole", "rbac.authorization.k8s.io", "ClusterRole")]
    [InlineData("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition", "apiextensions.k8s.io", "CustomResourceDefinition")]
    [InlineData("io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService", "apiregistration.k8s.io", "APIService")]
    [InlineData("io.k8s.api.events.v1.Event", "events.k8s.io", "Event")]
    public void KindsAreNamedAsKubeApiserverNamesThem(string name, string group, string kind)
    {
        var definitions = new OpenApiFixtures().Swagger()["definitions"]!;

        Assert.True(OpenApiFixtures.HasGvk(definitions[name], group, "v1", kind));
    }

    [Fact]
    public void MetadataReferencesObjectMeta()
    {
        var configMap = new OpenApiFixtures().Swagger()["definitions"]!["io.k8s.api.core.v1.ConfigMap"]!;

        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)configMap["properties"]!["metadata"]!["$ref"]);
    }

    [Fact]
    public void DeploymentContainersMergeByName()
    {
        var document = new OpenApiFixtures().Swagger();
        var deployment = document["definitions"]!["io.k8s.api.apps.v1.Deployment"]!.AsObject();
        var spec = OpenApiFixtures.Resolve(document, deployment["properties"]!["spec"]!);
        var template = OpenApiFixtures.Resolve(document, spec["properties"]!["template"]!);
        var podSpec = OpenApiFixtures.Resolve(document, template["properties"]!["spec"]!);
        var containers = podSpec["properties"]!["containers"]!;

        Assert.Equal("merge", (string?)containers["x-kubernetes-patch-strategy"]);
        Assert.Equal("name", (string?)containers["x-kubernetes-patch-merge-key"]);
        Assert.Equal("map", (string?)containers["x-kubernetes-list-type"]);
    }

    [Fact]
    public void PodTemplateTypesBelongToCoreAlthoughAppsReachesThem()
    {
        var deploymentSpec = new OpenApiFixtures().Swagger()["definitions"]!["io.k8s.api.apps.v1.DeploymentSpec"]!;

        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodTemplateSpec", (string?)deploymentSpec["properties"]!["template"]!["$ref"]);
    }

    [Fact]
    public void ContainerPortsAreKeyedByPortAndProtocolForServerSideApply()
    {
        var ports = new OpenApiFixtures().Swagger()["definitions"]!["io.k8s.api.core.v1.Container"]!["properties"]!["ports"]!;

        Assert.Equal("containerPort", (string?)ports["x-kubernetes-patch-merge-key"]);
        Assert.Equal(["containerPort", "protocol"], ports["x-kubernetes-list-map-keys"]!.AsArray().Select(k => (string?)k));
    }

    [Fact]
    public void FinalizersMergeAsASet()
    {
        var finalizers = new OpenApiFixtures().Swagger()["definitions"]!["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!["finalizers"]!;

        Assert.Equal("merge", (string?)finalizers["x-kubernetes-patch-strategy"]);
        Assert.Equal("set", (string?)finalizers["x-kubernetes-list-type"]);
    }

    [Fact]
    public void ScalarsUseKubeApiserverShapes()
    {
        var definitions = new OpenApiFixtures().Swagger()["definitions"]!;
        var meta = definitions["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]!["properties"]!;
        var probe = definitions["io.k8s.api.core.v1.HTTPGetAction"]!["properties"]!;
        var configMap = definitions["io.k8s.api.core.v1.ConfigMap"]!["properties"]!;

        Assert.Equal("date-time", (string?)meta["creationTimestamp"]!["format"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString", (string?)probe["port"]!["$ref"]);
        Assert.Equal("int-or-string", (string?)definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!["format"]);
        Assert.Equal("string", (string?)configMap["data"]!["additionalProperties"]!["type"]);
    }

    [Fact]
    public void CustomResourceSchemaAppearsUnderItsGroupVersionKindWithoutWhatSwaggerCannotExpress()
    {
        var fixtures = new OpenApiFixtures();
        fixtures.Apply(OpenApiFixtures.Widget());

        var widget = fixtures.Swagger()["definitions"]!["com.example.v1.Widget"]!;
        var spec = widget["properties"]!["spec"]!["properties"]!;

        Assert.True(OpenApiFixtures.HasGvk(widget, "example.com", "v1", "Widget"));
        Assert.Equal("integer", (string?)spec["size"]!["type"]);
        Assert.Null(spec["color"]!["nullable"]);
        Assert.Null(spec["color"]!["type"]);
        Assert.Null(spec["port"]!["anyOf"]);
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", (string?)widget["properties"]!["metadata"]!["$ref"]);
    }

    [Fact]
    public void PatchOperationsListFieldValidationAndThePatchTypes()
    {
        var patch = new OpenApiFixtures().Swagger()["paths"]!["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]!["patch"]!;

        Assert.Equal("patch", (string?)patch["x-kubernetes-action"]);
        Assert.Equal("Deployment", (string?)patch["x-kubernetes-group-version-kind"]!["kind"]);
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation");
        Assert.Contains(patch["consumes"]!.AsArray(), c => (string?)c == "application/strategic-merge-patch+json");
        Assert.Contains(patch["consumes"]!.AsArray(), c => (string?)c == "application/apply-patch+yaml");
    }

    [Fact]
    public void EveryReferenceResolves()
    {
        var fixtures = new OpenApiFixtures();
        fixtures.Apply(OpenApiFixtures.Widget());
        var document = fixtures.Swagger();
        var definitions = document["definitions"]!.AsObject();

        var dangling = References(document).Where(r => !definitions.ContainsKey(r["#/definitions/".Length..])).Distinct().ToList();

        Assert.Empty(dangling);
    }

    // JSONSchemaProps has a property named "$ref" (whose schema is an object); only string values are references.
    internal static IEnumerable<string> References(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Key == "$ref" && p.Value is JsonValue value ? [value.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };
}
