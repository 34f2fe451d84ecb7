using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Validation;

/// <summary>Builds schemas and values from compact JSON written with single quotes.</summary>
internal static class SchemaText
{
    public static V1JSONSchemaProps Schema(string json) => KubernetesJson.Deserialize<V1JSONSchemaProps>(json.Replace('\'', '"'));

    public static JsonNode? Json(string json) => JsonNode.Parse(json.Replace('\'', '"'));
}
