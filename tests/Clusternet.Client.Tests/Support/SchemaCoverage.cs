using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Support;

/// <summary>
/// Finds the fields a CRD schema names that a serialized model does not have, so a field the model lacks shows up
/// even though kube-apiserver would accept the object without it.
/// </summary>
internal static class SchemaCoverage
{
    private static readonly HashSet<string> ObjectFields = ["apiVersion", "kind", "metadata"];

    /// <summary>
    /// The paths (<c>spec.feeds[0].name</c>) of properties in <paramref name="schema"/> under the resource's own
    /// top-level fields (spec, status, or a kind's other fields such as a Manifest's template) that
    /// <paramref name="json"/> lacks. The walk follows <paramref name="modelType"/> beside the schema and stops at
    /// KubernetesClient's types, whose fields are Kubernetes' own, and at maps, whose keys are data.
    /// </summary>
    public static IReadOnlyList<string> MissingPaths(V1JSONSchemaProps schema, JsonNode json, Type modelType)
    {
        var missing = new List<string>();
        var root = json.AsObject();
        foreach (var (name, propertySchema) in schema.Properties ?? new Dictionary<string, V1JSONSchemaProps>())
        {
            if (ObjectFields.Contains(name))
            {
                continue;
            }

            Walk(propertySchema, root, name, name, modelType, missing);
        }

        return missing;
    }

    private static void Walk(V1JSONSchemaProps schema, JsonObject parent, string name, string path, Type parentType, List<string> missing)
    {
        if (!parent.TryGetPropertyValue(name, out var value) || value is null)
        {
            missing.Add(path);
            return;
        }

        if (PropertyType(parentType, name) is { } type)
        {
            Descend(schema, value, path, type, missing);
        }
    }

    private static void Descend(V1JSONSchemaProps schema, JsonNode value, string path, Type type, List<string> missing)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.Namespace == typeof(V1LabelSelector).Namespace)
        {
            return;
        }

        if (AsSchema(schema.Items) is { } items && value is JsonArray { Count: > 0 } array && ItemType(type) is { } itemType)
        {
            Descend(items, array[0]!, path + "[0]", itemType, missing);
            return;
        }

        if (schema.Properties is { Count: > 0 } properties && value is JsonObject obj)
        {
            foreach (var (name, propertySchema) in properties)
            {
                Walk(propertySchema, obj, name, path + "." + name, type, missing);
            }
        }
    }

    /// <summary>
    /// <see cref="V1JSONSchemaProps.Items"/> is typed <see cref="object"/> (a schema or a list of schemas);
    /// KubernetesYaml leaves it a dictionary, which a YAML round trip turns into a schema.
    /// </summary>
    private static V1JSONSchemaProps? AsSchema(object? items) => items switch
    {
        null => null,
        V1JSONSchemaProps schema => schema,
        System.Text.Json.JsonElement element => KubernetesJson.Deserialize<V1JSONSchemaProps>(element.GetRawText()),
        _ => KubernetesYaml.Deserialize<V1JSONSchemaProps>(KubernetesYaml.Serialize(items)),
    };

    /// <summary>The CLR type of the property of <paramref name="type"/> (or its bases) written under <paramref name="jsonName"/>.</summary>
    private static Type? PropertyType(Type type, string jsonName) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .FirstOrDefault(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name == jsonName)?.PropertyType;

    private static Type? ItemType(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IList<>) ? type : type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IList<>)))?.GetGenericArguments()[0];
}
