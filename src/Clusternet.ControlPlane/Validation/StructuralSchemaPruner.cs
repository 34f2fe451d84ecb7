using System.Text.Json.Nodes;
using k8s.Models;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// Drops what kube-apiserver drops from a custom resource before defaulting and validation: fields the schema does
/// not know, and nulls in fields that are neither nullable nor defaulted. Works in place.
/// </summary>
/// <remarks>
/// <para>
/// Unknown fields are kept under <c>x-kubernetes-preserve-unknown-fields: true</c> (known properties beneath are
/// still pruned). In an <c>x-kubernetes-embedded-resource</c> object, and at the root of a resource, string
/// <c>apiVersion</c> and <c>kind</c> and an object <c>metadata</c> are kept whatever the schema says; the metadata's
/// own fields are left for object-meta handling.
/// </para>
/// <para>
/// The removed paths are returned in kube-apiserver's notation (<c>spec.foo</c>, <c>spec.items[0].bar</c>), which is
/// what it reports for <c>fieldValidation=Strict</c> (<c>unknown field "spec.foo"</c>) and <c>Warn</c>.
/// Compiled schemas are cached per instance; do not mutate a schema after use. Instances are stateless and thread-safe.
/// </para>
/// </remarks>
public sealed class StructuralSchemaPruner
{
    /// <summary>Removes the fields of <paramref name="value"/>, a whole resource, that <paramref name="schema"/> does not allow.</summary>
    /// <param name="schema">The CRD version's <c>schema.openAPIV3Schema</c>.</param>
    /// <param name="value">The object, changed in place.</param>
    /// <returns>The paths of the removed fields, in document order.</returns>
    public IReadOnlyList<string> Prune(V1JSONSchemaProps schema, JsonNode? value) => Prune(schema, value, isResourceRoot: true);

    /// <summary>Removes the fields of <paramref name="value"/> that <paramref name="schema"/> does not allow.</summary>
    /// <param name="schema">The schema of the value.</param>
    /// <param name="value">The value, changed in place.</param>
    /// <param name="isResourceRoot">
    /// True when the value is a whole resource, whose <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> are kept as in
    /// an embedded resource.
    /// </param>
    /// <returns>The paths of the removed fields, in document order.</returns>
    public IReadOnlyList<string> Prune(V1JSONSchemaProps schema, JsonNode? value, bool isResourceRoot)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var removed = new List<string>();
        var walk = new Walk(new FieldPathStack(string.Empty), removed);
        walk.Prune(value, StructuralSchema.For(schema), isResourceRoot);
        return removed;
    }

    /// <summary>
    /// Removes properties whose value is null where the schema neither marks the field <c>nullable</c> nor gives it a
    /// default, as kube-apiserver does on decoding (so a Go client's <c>"feeds": null</c> becomes a missing field).
    /// Nulls inside arrays stay, and fail validation.
    /// </summary>
    /// <param name="schema">The schema of the value.</param>
    /// <param name="value">The value, changed in place.</param>
    public void PruneNonNullableNulls(V1JSONSchemaProps schema, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(schema);
        PruneNulls(value, StructuralSchema.For(schema));
    }

    private static void PruneNulls(JsonNode? value, StructuralSchema schema)
    {
        switch (value)
        {
            case JsonObject obj:
                for (var i = 0; i < obj.Count; i++)
                {
                    var (key, child) = obj.GetAt(i);
                    var childSchema = schema.Property(key) ?? schema.AdditionalProperties;
                    if (childSchema is null)
                    {
                        continue;
                    }

                    if (child is null && !childSchema.Nullable && !childSchema.HasDefault)
                    {
                        obj.RemoveAt(i--);
                    }
                    else
                    {
                        PruneNulls(child, childSchema);
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                foreach (var item in array)
                {
                    PruneNulls(item, items);
                }

                break;
        }
    }

    private sealed class Walk(FieldPathStack path, List<string> removed)
    {
        public void Prune(JsonNode? value, StructuralSchema? schema, bool embedded = false)
        {
            if (schema is { PreserveUnknownFields: true })
            {
                SkipPrune(value, schema);
                return;
            }

            switch (value)
            {
                case JsonObject obj:
                    for (var i = 0; i < obj.Count; i++)
                    {
                        var (key, child) = obj.GetAt(i);
                        if ((embedded || schema is { EmbeddedResource: true }) && IsTypeOrObjectMeta(key, child))
                        {
                            continue;
                        }

                        var childSchema = schema?.Property(key) ?? schema?.AdditionalProperties;
                        if (childSchema is null)
                        {
                            Record(key);
                            obj.RemoveAt(i--);
                            continue;
                        }

                        path.PushProperty(key);
                        Prune(child, childSchema);
                        path.Pop();
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        path.PushIndex(i);
                        Prune(array[i], schema?.Items);
                        path.Pop();
                    }

                    break;
            }
        }

        // Under x-kubernetes-preserve-unknown-fields unknown fields stay, but known ones are pruned as usual.
        private void SkipPrune(JsonNode? value, StructuralSchema schema)
        {
            switch (value)
            {
                case JsonObject obj:
                    for (var i = 0; i < obj.Count; i++)
                    {
                        var (key, child) = obj.GetAt(i);
                        if (schema.EmbeddedResource && IsTypeOrObjectMeta(key, child))
                        {
                            continue;
                        }

                        if ((schema.Property(key) ?? schema.AdditionalProperties) is { } childSchema)
                        {
                            path.PushProperty(key);
                            Prune(child, childSchema);
                            path.Pop();
                        }
                    }

                    break;
                case JsonArray array when schema.Items is { } items:
                    for (var i = 0; i < array.Count; i++)
                    {
                        path.PushIndex(i);
                        SkipPrune(array[i], items);
                        path.Pop();
                    }

                    break;
            }
        }

        private static bool IsTypeOrObjectMeta(string key, JsonNode? value) => key switch
        {
            "apiVersion" or "kind" => JsonData.KindOf(value) == JsonDataKind.String,
            "metadata" => value is JsonObject,
            _ => false,
        };

        private void Record(string key)
        {
            var parent = path.OpenApiName();
            removed.Add(parent.Length == 0 ? key : parent + "." + key);
        }
    }
}
