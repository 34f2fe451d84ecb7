using System.Text.Json.Nodes;
using k8s.Models;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// Validates a custom resource against its CRD version's <c>openAPIV3Schema</c> the way kube-apiserver does on create
/// and update, producing the same field errors, paths and messages.
/// </summary>
/// <remarks>
/// <para>
/// kube-apiserver first prunes unknown fields and nulls of non-nullable fields and applies defaults
/// (<see cref="StructuralSchemaPruner"/>, <see cref="StructuralSchemaDefaulter"/>), then validates. This class validates
/// the value exactly as given; run those first to reproduce a create or update.
/// </para>
/// <para>
/// Errors come in kube-apiserver's order: schema checks (type, nullable, anyOf/oneOf/allOf/not, string length and
/// pattern, format, numeric bounds, array bounds and uniqueness, enum, object properties, additionalProperties,
/// required), then <c>x-kubernetes-embedded-resource</c> checks, then <c>x-kubernetes-list-type</c> set/map uniqueness.
/// Where kube-apiserver's order depends on Go map iteration, properties follow schema order and object keys follow
/// the document's order.
/// </para>
/// <para>
/// As in kube-apiserver, only the string formats it supports are checked (<c>byte</c>, <c>date</c>,
/// <c>date-time</c>, <c>uuid</c>, <c>ipv4</c>, <c>cidr</c>, …); <c>int32</c>, <c>int64</c>, <c>float</c> and
/// <c>double</c> are ignored, so an <c>int32</c> field accepts any integer a JSON decoder reads as int64.
/// </para>
/// <para>
/// Known gaps: <c>x-kubernetes-validations</c> (CEL) rules are not evaluated; update ratcheting (errors on unchanged
/// fields ignored) is not applied; the <c>metadata</c> of embedded resources and of the root is not validated here.
/// </para>
/// <para>
/// Compiled schemas are cached per <see cref="V1JSONSchemaProps"/> instance: do not mutate a schema after validating
/// with it. Instances are stateless and safe to share between threads.
/// </para>
/// </remarks>
public sealed class StructuralSchemaValidator
{
    /// <summary>Validates <paramref name="value"/>, a whole custom resource, against <paramref name="schema"/>.</summary>
    /// <param name="schema">The CRD version's <c>schema.openAPIV3Schema</c>.</param>
    /// <param name="value">The object as JSON; null for a JSON null.</param>
    /// <returns>Every error found, empty when the value is valid.</returns>
    public IReadOnlyList<FieldError> Validate(V1JSONSchemaProps schema, JsonNode? value) => Validate(schema, value, string.Empty);

    /// <summary>
    /// Validates <paramref name="value"/> against <paramref name="schema"/>, naming the value <paramref name="rootPath"/>
    /// in paths and messages (e.g. <c>spec</c> when validating only a spec against its sub-schema).
    /// </summary>
    /// <param name="schema">The schema of the value.</param>
    /// <param name="value">The value as JSON; null for a JSON null.</param>
    /// <param name="rootPath">The path of the value; empty for a whole object.</param>
    /// <returns>Every error found, empty when the value is valid.</returns>
    public IReadOnlyList<FieldError> Validate(V1JSONSchemaProps schema, JsonNode? value, string rootPath)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rootPath);
        var compiled = StructuralSchema.For(schema);
        var path = new FieldPathStack(rootPath);
        var errors = new List<FieldError>();
        new OpenApiSchemaWalk(path).Validate(compiled, value, errors);
        RemoveRepeats(errors);
        new EmbeddedResourceWalk(path).Validate(compiled, value, errors);
        new ListTypeWalk(path).Validate(compiled, value, errors);
        return errors;
    }

    // kube-openapi drops an error whose message it already holds (e.g. the same failure reached through two branches).
    private static void RemoveRepeats(List<FieldError> errors)
    {
        if (errors.Count < 2)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        errors.RemoveAll(e => !seen.Add(e.ToString()));
    }
}
