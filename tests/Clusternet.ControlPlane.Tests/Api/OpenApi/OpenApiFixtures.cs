using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.OpenApi;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.OpenApi;

/// <summary>A catalog with the built-ins, a CRD store the documents read from, and parsing helpers.</summary>
internal sealed class OpenApiFixtures
{
    private readonly Dictionary<string, V1CustomResourceDefinition> crds = new(StringComparer.Ordinal);

    public OpenApiFixtures()
    {
        Catalog = ResourceCatalog.CreateWithBuiltIns();
        Documents = new OpenApiDocuments(Catalog, name => crds.GetValueOrDefault(name));
    }

    public ResourceCatalog Catalog { get; }

    public OpenApiDocuments Documents { get; }

    public static V1CustomResourceDefinition Widget(string version = "v1") => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta { Name = "widgets.example.com" },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = "example.com",
            Scope = "Namespaced",
            Names = new V1CustomResourceDefinitionNames { Plural = "widgets", Singular = "widget", Kind = "Widget", ListKind = "WidgetList" },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = version,
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation
                    {
                        OpenAPIV3Schema = new V1JSONSchemaProps
                        {
                            Type = "object",
                            Properties = new Dictionary<string, V1JSONSchemaProps>
                            {
                                ["spec"] = new()
                                {
                                    Type = "object",
                                    Properties = new Dictionary<string, V1JSONSchemaProps>
                                    {
                                        ["size"] = new() { Type = "integer" },
                                        ["color"] = new() { Type = "string", Nullable = true },
                                        ["port"] = new() { XKubernetesIntOrString = true, AnyOf = [new() { Type = "integer" }, new() { Type = "string" }] },
                                    },
                                },
                            },
                        },
                    },
                },
            ],
        },
    };

    public void Apply(V1CustomResourceDefinition crd)
    {
        crds[crd.Metadata.Name] = crd;
        Catalog.Apply(crd);
    }

    public static JsonObject Parse(OpenApiDocument document) => JsonNode.Parse(document.Content)!.AsObject();

    public JsonObject Swagger() => Parse(Documents.SwaggerJson());

    public JsonObject OpenApi3(string path) => Parse(Documents.GroupVersion(path) ?? throw new InvalidOperationException(path + " is not served"));

    /// <summary>The definition a <c>$ref</c> names, within the same document.</summary>
    public static JsonObject Resolve(JsonObject document, JsonNode reference)
    {
        var target = reference["$ref"]!.GetValue<string>();
        var name = target[(target.LastIndexOf('/') + 1)..];
        var definitions = document["definitions"] ?? document["components"]!["schemas"];
        return definitions![name]!.AsObject();
    }

    /// <summary>Whether a definition declares the group-version-kind.</summary>
    public static bool HasGvk(JsonNode? definition, string group, string version, string kind) =>
        definition?["x-kubernetes-group-version-kind"] is JsonArray gvks
        && gvks.Any(g => (string?)g!["group"] == group && (string?)g["version"] == version && (string?)g["kind"] == kind);
}
