using System.Text.Json.Nodes;

namespace Clusternet.Client.Tests.Schema;

/// <summary>
/// Finds a sub-schema by a short path: property names separated by dots, <c>[]</c> for a list's
/// items and <c>{}</c> for a map's values (<c>spec.replicas.{}.[]</c>).
/// </summary>
internal static class SchemaPath
{
    public static JsonObject Find(JsonObject schema, string path)
    {
        var node = schema;
        foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = segment switch
            {
                "[]" => node["items"],
                "{}" => node["additionalProperties"],
                _ => node["properties"]?[segment],
            };
            node = next as JsonObject ?? throw new KeyNotFoundException($"no schema at '{segment}' of '{path}'");
        }

        return node;
    }

    /// <summary>The openAPIV3Schema of a CRD's only (or named) version, as JSON.</summary>
    public static JsonObject Root(k8s.Models.V1CustomResourceDefinition crd) =>
        CrdStructuralComparer.ToJson(crd.Spec.Versions[0].Schema.OpenAPIV3Schema);
}
