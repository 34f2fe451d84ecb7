using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// Converts the loosely typed members of <see cref="V1JSONSchemaProps"/> (<c>Items</c>, <c>AdditionalProperties</c>,
/// <c>EnumProperty</c>, <c>DefaultProperty</c>, typed <see cref="object"/>) into JSON. Their runtime shape depends on how
/// the CRD was read: <see cref="JsonElement"/> from <c>KubernetesJson</c>, dictionaries, lists and typed scalars
/// (e.g. <see cref="short"/>) from <c>KubernetesYaml</c>, or models built in code.
/// </summary>
internal static class SchemaLiteral
{
    public static JsonNode? ToNode(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case JsonNode node:
                return node.DeepClone();
            case JsonElement element:
                return element.ValueKind == JsonValueKind.Null ? null : JsonNode.Parse(element.GetRawText());
            case string text:
                return JsonValue.Create(text);
            case bool flag:
                return JsonValue.Create(flag);
            case sbyte or byte or short or ushort or int or uint or long:
                return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case ulong unsigned:
                return JsonValue.Create(unsigned);
            case float or double or decimal:
                return JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture));
            case IDictionary dictionary:
                var result = new JsonObject();
                foreach (DictionaryEntry entry in dictionary)
                {
                    result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty] = ToNode(entry.Value);
                }

                return result;
            case IEnumerable sequence:
                var array = new JsonArray();
                foreach (var item in sequence)
                {
                    array.Add(ToNode(item));
                }

                return array;
            default:
                return JsonNode.Parse(KubernetesJson.Serialize(value));
        }
    }

    /// <summary>A schema-or-bool member: a schema, or <see langword="null"/> with <paramref name="allows"/> for a boolean.</summary>
    public static V1JSONSchemaProps? ToSchema(object? value, out bool allows)
    {
        allows = true;
        switch (value)
        {
            case null:
                return null;
            case V1JSONSchemaProps schema:
                return schema;
            case bool flag:
                allows = flag;
                return null;
            case string text when bool.TryParse(text, out var parsed):
                allows = parsed;
                return null;
            case JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } element:
                allows = element.GetBoolean();
                return null;
        }

        var node = ToNode(value);
        if (node is JsonArray array)
        {
            // The tuple form of items is not structural; kube-apiserver rejects such CRDs, so only the first matters.
            node = array.Count > 0 ? array[0] : null;
        }

        if (node is JsonValue scalar && scalar.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            allows = scalar.GetValue<bool>();
            return null;
        }

        return node is JsonObject ? KubernetesJson.Deserialize<V1JSONSchemaProps>(node.ToJsonString()) : null;
    }
}
