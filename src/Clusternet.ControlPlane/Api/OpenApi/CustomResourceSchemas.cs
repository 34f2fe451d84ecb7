using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// The published schema of a custom resource: the CRD version's <c>openAPIV3Schema</c> with <c>apiVersion</c>,
/// <c>kind</c> and <c>metadata</c> replaced by the standard ones and the GVK extension added, plus its list kind.
/// For Swagger 2.0 the schema is narrowed to what that dialect expresses, as kube-apiserver does, because kubectl's
/// client-side validation would otherwise reject values the server accepts.
/// </summary>
internal static class CustomResourceSchemas
{
    // Keywords of OpenAPI 3 schemas that Swagger 2.0 has no equivalent for; kube-apiserver drops them from v2.
    private static readonly string[] NotInSwagger = ["anyOf", "oneOf", "not", "allOf", "nullable", "x-kubernetes-validations"];

    /// <summary>The definition name of a custom resource kind (<c>com.example.v1.Widget</c>).</summary>
    public static string DefinitionName(string group, string version, string kind) => DefinitionNames.ForKind(group, version, kind);

    /// <summary>The kind's schema and its list schema, or null when the CRD does not serve the version.</summary>
    /// <param name="definition">The CRD.</param>
    /// <param name="version">The served version.</param>
    /// <param name="models">The dialect's built-in definitions, for the metadata references.</param>
    /// <param name="swagger">Whether to narrow the schema to Swagger 2.0.</param>
    public static (JsonObject Kind, JsonObject List)? For(V1CustomResourceDefinition definition, string version, ModelSchemas models, bool swagger)
    {
        var spec = definition.Spec;
        var served = spec?.Versions?.FirstOrDefault(v => v.Name == version);
        if (spec is null || served is null)
        {
            return null;
        }

        // Before per-version schemas existed, a CRD could carry one schema for all versions; v1 CRDs always carry it per version.
        var source = served.Schema?.OpenAPIV3Schema;
        var schema = source is null
            ? new JsonObject { ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true }
            : JsonNode.Parse(KubernetesJson.Serialize(source))!.AsObject();
        if (swagger)
        {
            Narrow(schema);
        }

        schema["type"] = "object";
        var properties = schema["properties"] as JsonObject ?? [];
        schema["properties"] = properties;
        properties["apiVersion"] = new JsonObject { ["type"] = "string" };
        properties["kind"] = new JsonObject { ["type"] = "string" };
        properties["metadata"] = models.Ref(DefinitionNames.Meta + "ObjectMeta");
        schema["x-kubernetes-group-version-kind"] = new JsonArray(ModelSchemas.Gvk(spec.Group, version, spec.Names.Kind));

        var list = new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("items"),
            ["properties"] = new JsonObject
            {
                ["apiVersion"] = new JsonObject { ["type"] = "string" },
                ["items"] = new JsonObject { ["type"] = "array", ["items"] = models.Ref(DefinitionName(spec.Group, version, spec.Names.Kind)) },
                ["kind"] = new JsonObject { ["type"] = "string" },
                ["metadata"] = models.Ref(DefinitionNames.Meta + "ListMeta"),
            },
            ["x-kubernetes-group-version-kind"] = new JsonArray(ModelSchemas.Gvk(spec.Group, version, ListKind(spec))),
        };
        return (schema, list);
    }

    /// <summary>The list kind, <c>spec.names.listKind</c> or <c>&lt;Kind&gt;List</c>.</summary>
    public static string ListKind(V1CustomResourceDefinitionSpec spec) =>
        string.IsNullOrEmpty(spec.Names.ListKind) ? spec.Names.Kind + "List" : spec.Names.ListKind;

    // Swagger 2.0 cannot say "null or T" nor "int or string": a nullable or int-or-string field loses its type
    // (any value then validates on the client), and the combinators go. Only schema positions are visited, so a
    // property that happens to be named "nullable" or a default value stays as written.
    private static void Narrow(JsonObject schema)
    {
        var untyped = IsTrue(schema["nullable"]) || IsTrue(schema["x-kubernetes-int-or-string"]);
        foreach (var keyword in NotInSwagger)
        {
            schema.Remove(keyword);
        }

        if (untyped)
        {
            schema.Remove("type");
        }

        foreach (var map in new[] { "properties", "patternProperties", "definitions" })
        {
            if (schema[map] is JsonObject children)
            {
                foreach (var (_, child) in children)
                {
                    if (child is JsonObject childSchema)
                    {
                        Narrow(childSchema);
                    }
                }
            }
        }

        foreach (var single in new[] { "items", "additionalProperties", "additionalItems" })
        {
            switch (schema[single])
            {
                case JsonObject child:
                    Narrow(child);
                    break;
                case JsonArray tuple:
                    foreach (var child in tuple.OfType<JsonObject>())
                    {
                        Narrow(child);
                    }

                    break;
            }
        }
    }

    private static bool IsTrue(JsonNode? node) => node?.GetValueKind() == System.Text.Json.JsonValueKind.True;
}
