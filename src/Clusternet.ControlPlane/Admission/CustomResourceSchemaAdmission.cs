using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Validation;
using k8s.Models;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// The structural schema of a custom resource's CRD version applied to every write, in kube-apiserver's order:
/// prune unknown fields, drop nulls where the schema does not allow them, default, then validate; any error
/// refuses the write with 422 Invalid listing every cause.
/// </summary>
internal sealed class CustomResourceSchemaAdmission : IAdmissionPlugin
{
    private readonly ConcurrentDictionary<string, V1CustomResourceDefinition> definitions = new(StringComparer.Ordinal);
    private readonly StructuralSchemaPruner pruner = new();
    private readonly StructuralSchemaDefaulter defaulter = new();
    private readonly StructuralSchemaValidator validator = new();

    /// <summary>Makes a CRD's schemas the ones its resources are admitted with.</summary>
    public void Register(V1CustomResourceDefinition definition) =>
        definitions[definition.Metadata.Name] = definition;

    public void Remove(string definitionName) => definitions.TryRemove(definitionName, out _);

    public bool Handles(AdmissionRequest request) =>
        request.Operation != AdmissionOperation.Delete && request.Resource.DefinedBy is not null;

    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (SchemaOf(request.Resource) is not { } schema)
        {
            return ValueTask.CompletedTask;
        }

        pruner.Prune(schema, request.Object);
        pruner.PruneNonNullableNulls(schema, request.Object);
        defaulter.Default(schema, request.Object);
        var errors = validator.Validate(schema, request.Object);
        if (errors.Count > 0)
        {
            var name = JsonFields.String(request.Object, "metadata", "name") ?? string.Empty;
            throw new StatusException(InvalidStatus.Create(request.Resource.Group, request.Resource.Kind, name, errors));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The fields of <paramref name="obj"/> the schema does not know, as paths, for <c>fieldValidation</c>; the object is left as it is.</summary>
    public IReadOnlyList<string> UnknownFields(ServedResource resource, JsonObject obj) =>
        SchemaOf(resource) is { } schema ? pruner.Prune(schema, obj.DeepClone()) : [];

    private V1JSONSchemaProps? SchemaOf(ServedResource resource) =>
        resource.DefinedBy is { } name && definitions.TryGetValue(name, out var definition)
            ? definition.Spec.Versions.FirstOrDefault(v => v.Name == resource.Version)?.Schema?.OpenAPIV3Schema
            : null;
}
