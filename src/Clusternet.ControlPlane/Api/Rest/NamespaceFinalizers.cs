using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// <c>spec.finalizers</c> of a namespace (the <c>kubernetes</c> one the namespace controller owns), which change only
/// through <c>PUT /api/v1/namespaces/&lt;name&gt;/finalize</c> and keep a Terminating namespace stored until empty.
/// </summary>
internal static class NamespaceFinalizers
{
    /// <summary>The stored namespace with only <c>spec.finalizers</c> taken from the finalize request.</summary>
    public static JsonObject Only(JsonObject updated, JsonObject current)
    {
        var result = current.DeepClone().AsObject();
        if (result["spec"] is not JsonObject spec)
        {
            spec = new JsonObject();
            result["spec"] = spec;
        }

        if (JsonFields.At(updated, "spec", "finalizers") is JsonArray finalizers && finalizers.Count > 0)
        {
            spec["finalizers"] = finalizers.DeepClone();
        }
        else
        {
            spec.Remove("finalizers");
        }

        return result;
    }

    /// <summary>Whether <paramref name="obj"/> is a namespace whose spec still names finalizers, so no update may remove it.</summary>
    public static bool Pending(ServedResource resource, JsonObject obj) =>
        resource.Group.Length == 0 && resource.Resource == "namespaces" && JsonFields.Array(obj, "spec", "finalizers").Count > 0;
}
