using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Namespace defaults: the <c>kubernetes.io/metadata.name</c> label always equal to the name; on create the
/// <c>kubernetes</c> finalizer and phase Active; on update the finalizers and status the client may not
/// change through the main resource are kept from the stored namespace.
/// </summary>
internal sealed class NamespaceDefaulting : IAdmissionPlugin
{
    /// <summary>The label every namespace carries with its own name, which selectors in policies rely on.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        AdmissionJson.Writes(request) && AdmissionJson.Is(request, string.Empty, "namespaces");

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var obj = request.Object;
        var name = AdmissionJson.NameOf(obj);
        if (name.Length > 0)
        {
            AdmissionJson.Child(AdmissionJson.Metadata(obj), "labels")[NameLabel] = name;
        }

        if (request.Operation == AdmissionOperation.Create)
        {
            var spec = AdmissionJson.Child(obj, "spec");
            var finalizers = spec["finalizers"] as JsonArray;
            if (finalizers is null)
            {
                finalizers = [];
                spec["finalizers"] = finalizers;
            }

            if (!finalizers.Any(f => f?.ToString() == "kubernetes"))
            {
                finalizers.Add("kubernetes");
            }

            obj["status"] = new JsonObject { ["phase"] = "Active" };
        }
        else if (request.OldObject is { } old && request.Subresource is null)
        {
            // Finalizers change only through the finalize subresource and status only through status.
            var spec = AdmissionJson.Child(obj, "spec");
            if ((old["spec"] as JsonObject)?["finalizers"] is { } kept)
            {
                spec["finalizers"] = kept.DeepClone();
            }
            else
            {
                spec.Remove("finalizers");
            }

            if (old["status"] is { } status)
            {
                obj["status"] = status.DeepClone();
            }
        }

        return ValueTask.CompletedTask;
    }
}
