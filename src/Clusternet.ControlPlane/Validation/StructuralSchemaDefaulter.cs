using System.Text.Json.Nodes;
using k8s.Models;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// Applies the schema's <c>default</c> values to a custom resource, in place, as kube-apiserver does after pruning and
/// before validation (and again when it reads an object from storage).
/// </summary>
/// <remarks>
/// A property gets its default when it is missing, or when it is null and not <c>nullable</c>; the same holds for
/// array items and map values whose schema has a default. Defaults apply top-down, so an object that was just
/// defaulted gets its own properties' defaults too. Work on <see cref="JsonNode.DeepClone"/> to keep the original.
/// Compiled schemas are cached per instance; do not mutate a schema after use. Instances are stateless and thread-safe.
/// </remarks>
public sealed class StructuralSchemaDefaulter
{
    /// <summary>Fills in the defaults <paramref name="schema"/> declares, in place.</summary>
    /// <param name="schema">The CRD version's <c>schema.openAPIV3Schema</c>, or the schema of the value.</param>
    /// <param name="value">The value, changed in place.</param>
    public void Default(V1JSONSchemaProps schema, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Apply(value, StructuralSchema.For(schema));
    }

    private static void Apply(JsonNode? value, StructuralSchema schema)
    {
        switch (value)
        {
            case JsonObject obj:
                foreach (var (name, property) in schema.Properties)
                {
                    if (property.HasDefault && (!obj.TryGetPropertyValue(name, out var current) || (current is null && !property.Nullable)))
                    {
                        obj[name] = property.Default!.DeepClone();
                    }
                }

                for (var i = 0; i < obj.Count; i++)
                {
                    var (key, child) = obj.GetAt(i);
                    if (schema.Property(key) is { } property)
                    {
                        Apply(child, property);
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        if (child is null && !additional.Nullable && additional.HasDefault)
                        {
                            child = additional.Default!.DeepClone();
                            obj.SetAt(i, child);
                        }

                        Apply(child, additional);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    if (child is null && !items.Nullable && items.HasDefault)
                    {
                        child = items.Default!.DeepClone();
                        array[i] = child;
                    }

                    Apply(child, items);
                }

                break;
        }
    }
}
