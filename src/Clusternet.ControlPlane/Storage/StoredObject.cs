using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>Reads the metadata the store owns from trees, and prepares parsed trees for shared, concurrent reading.</summary>
internal static class StoredObject
{
    /// <summary>The raw <c>metadata.resourceVersion</c> string, or null.</summary>
    public static string? ResourceVersionTextOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata && metadata["resourceVersion"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    public static string? UidOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata && metadata["uid"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    /// <summary>
    /// Builds every node of a parsed tree. A parsed <see cref="JsonObject"/> builds its children lazily on
    /// first access, which is not safe when many readers share the object; building them once makes later
    /// reads plain lookups.
    /// </summary>
    public static void Materialize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var property in o)
                {
                    Materialize(property.Value);
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    Materialize(item);
                }

                break;
        }
    }
}
