using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Admission;

/// <summary>Small reads and writes on <see cref="JsonObject"/> objects that the built-in plugins share.</summary>
internal static class AdmissionJson
{
    /// <summary>The object's <c>metadata</c>, created when absent.</summary>
    public static JsonObject Metadata(JsonObject obj) => Child(obj, "metadata");

    /// <summary>The child object under <paramref name="name"/>, created (or replacing a non-object) when absent.</summary>
    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child)
        {
            return child;
        }

        child = new JsonObject();
        parent[name] = child;
        return child;
    }

    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? String(JsonObject? obj, string name) =>
        obj is not null && obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Whether the property is absent or JSON null (Go's zero value for a pointer).</summary>
    public static bool IsUnset(JsonObject obj, string name) => obj[name] is null;

    /// <summary>Sets <paramref name="name"/> to <paramref name="value"/> when it is absent or null.</summary>
    public static void Default(JsonObject obj, string name, JsonNode value)
    {
        if (obj[name] is null)
        {
            obj[name] = value;
        }
    }

    /// <summary>Sets a string property when it is absent, null or empty, as Go's defaulters treat <c>""</c> as unset.</summary>
    public static void DefaultString(JsonObject obj, string name, string value)
    {
        if (obj[name] is null || String(obj, name) is { Length: 0 })
        {
            obj[name] = value;
        }
    }

    /// <summary>The objects of an array property; empty when absent.</summary>
    public static IEnumerable<JsonObject> Items(JsonObject? obj, string name) =>
        obj?[name] is JsonArray array ? array.OfType<JsonObject>() : [];

    /// <summary>The object's name, or an empty string.</summary>
    public static string NameOf(JsonObject obj) => String(obj["metadata"] as JsonObject, "name") ?? string.Empty;

    /// <summary>Throws the 422 Invalid Status for <paramref name="errors"/> when there are any.</summary>
    public static void ThrowIfInvalid(AdmissionRequest request, List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new StatusException(InvalidStatus.Create(request.Resource.Group, request.Resource.Kind, NameOf(request.Object), errors));
        }
    }

    /// <summary>Whether the request writes the main resource <paramref name="resource"/> in <paramref name="group"/>.</summary>
    public static bool Is(AdmissionRequest request, string group, string resource) =>
        request.Resource.Group == group && request.Resource.Resource == resource;

    /// <summary>Whether the request creates or updates (not deletes) the object or its status.</summary>
    public static bool Writes(AdmissionRequest request) =>
        request.Operation is AdmissionOperation.Create or AdmissionOperation.Update
        && (request.Subresource is null || request.Subresource == "status");
}
