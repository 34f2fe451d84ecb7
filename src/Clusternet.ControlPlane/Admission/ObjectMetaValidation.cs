using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Validates <c>metadata</c> of every kind on create and update, as kube-apiserver's common object-meta
/// validation: name or generateName, their syntax for the kind, the namespace, label and annotation keys and
/// values, the 256 KiB annotation budget; on update it first carries over what clients may not change
/// (uid when omitted, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds) and then refuses a
/// changed name, namespace or uid.
/// </summary>
internal sealed class ObjectMetaValidation : IAdmissionPlugin
{
    /// <summary>The most bytes all annotation keys and values of one object may take together.</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        request.Operation is AdmissionOperation.Create or AdmissionOperation.Update;

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var metadata = AdmissionJson.Metadata(request.Object);
        if (request.Operation == AdmissionOperation.Update && request.OldObject?["metadata"] is JsonObject old)
        {
            CarryOverUnchangeable(metadata, old);
        }

        var errors = new List<FieldError>();
        Validate(request, metadata, errors);
        if (request.Operation == AdmissionOperation.Update && request.OldObject?["metadata"] is JsonObject oldMetadata)
        {
            Immutable(metadata, oldMetadata, "name", null, errors);
            Immutable(metadata, oldMetadata, "namespace", request.Namespace, errors);
            Immutable(metadata, oldMetadata, "uid", null, errors);
        }

        AdmissionJson.ThrowIfInvalid(request, errors);
        return ValueTask.CompletedTask;
    }

    /// <summary>The name rule kube-apiserver applies to <paramref name="resource"/>.</summary>
    public static ObjectNames.NameRule NameRuleFor(ServedResource resource) => (resource.Group, resource.Resource) switch
    {
        ("", "namespaces") => ObjectNames.Label,
        ("", "services") => ObjectNames.Dns1035,
        ("rbac.authorization.k8s.io", "roles" or "clusterroles" or "rolebindings" or "clusterrolebindings") => ObjectNames.PathSegment,
        _ => ObjectNames.Subdomain,
    };

    private static void CarryOverUnchangeable(JsonObject metadata, JsonObject old)
    {
        // As the registry's update path: an omitted uid means "the same object"; timestamps are the server's.
        if (string.IsNullOrEmpty(AdmissionJson.String(metadata, "uid")) && old["uid"] is { } uid)
        {
            metadata["uid"] = uid.DeepClone();
        }

        foreach (var field in new[] { "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            if (old[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }
    }

    private static void Validate(AdmissionRequest request, JsonObject metadata, List<FieldError> errors)
    {
        var name = AdmissionJson.String(metadata, "name") ?? string.Empty;
        var generateName = AdmissionJson.String(metadata, "generateName") ?? string.Empty;
        var rule = NameRuleFor(request.Resource);
        if (generateName.Length > 0)
        {
            foreach (var message in rule(generateName, true))
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.generateName", generateName, message));
            }
        }

        if (name.Length == 0)
        {
            if (generateName.Length == 0)
            {
                errors.Add(new FieldError(FieldErrorType.Required, "metadata.name", null, "name or generateName is required"));
            }
        }
        else
        {
            foreach (var message in rule(name, false))
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.name", name, message));
            }
        }

        if (request.Resource.Namespaced)
        {
            var ns = AdmissionJson.String(metadata, "namespace") ?? request.Namespace ?? string.Empty;
            if (ns.Length == 0)
            {
                errors.Add(new FieldError(FieldErrorType.Required, "metadata.namespace", null, string.Empty));
            }
            else
            {
                foreach (var message in ObjectNames.IsDns1123Label(ns))
                {
                    errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.namespace", ns, message));
                }
            }
        }

        ValidateLabels(metadata["labels"] as JsonObject, errors);
        ValidateAnnotations(metadata["annotations"] as JsonObject, errors);
    }

    private static void ValidateLabels(JsonObject? labels, List<FieldError> errors)
    {
        if (labels is null)
        {
            return;
        }

        // Kubernetes reports every label problem at the map's path, with the key or value as the bad value.
        foreach (var (key, node) in labels)
        {
            foreach (var message in ObjectNames.IsQualifiedName(key))
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.labels", key, message));
            }

            var value = AdmissionJson.String(labels, key) ?? node?.ToString() ?? string.Empty;
            foreach (var message in ObjectNames.IsLabelValue(value))
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.labels", value, message));
            }
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, List<FieldError> errors)
    {
        if (annotations is null)
        {
            return;
        }

        long size = 0;
        foreach (var (key, node) in annotations)
        {
            // Annotation keys are compared case-insensitively: upper case is allowed in the name part and prefix.
            foreach (var message in ObjectNames.IsQualifiedName(key.ToLowerInvariant()))
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, "metadata.annotations", key, message));
            }

            var value = AdmissionJson.String(annotations, key) ?? node?.ToString() ?? string.Empty;
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value);
        }

        if (size > TotalAnnotationSizeLimit)
        {
            errors.Add(new FieldError(FieldErrorType.TooLong, "metadata.annotations", string.Empty, "may not be more than " + TotalAnnotationSizeLimit + " bytes"));
        }
    }

    private static void Immutable(JsonObject metadata, JsonObject old, string field, string? implied, List<FieldError> errors)
    {
        var now = AdmissionJson.String(metadata, field) ?? implied ?? string.Empty;
        var before = AdmissionJson.String(old, field) ?? implied ?? string.Empty;
        if (!string.Equals(now, before, StringComparison.Ordinal))
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "metadata." + field, now, "field is immutable"));
        }
    }
}
