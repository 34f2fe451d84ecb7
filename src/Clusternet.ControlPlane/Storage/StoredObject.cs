using System.Globalization;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>Reads and stamps the metadata the store owns, and prepares objects for shared, concurrent reading.</summary>
internal static class StoredObject
{
    /// <summary>The object's resourceVersion; 0 when it has none or it is not a number.</summary>
    public static long ResourceVersionOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata
        && metadata["resourceVersion"] is JsonValue value
        && value.TryGetValue<string>(out var text)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
            ? rv
            : 0;

    /// <summary>The raw <c>metadata.resourceVersion</c> string, or null.</summary>
    public static string? ResourceVersionTextOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata && metadata["resourceVersion"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    public static string? UidOf(JsonObject obj) =>
        obj["metadata"] is JsonObject metadata && metadata["uid"] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    public static void StampResourceVersion(JsonObject obj, long resourceVersion)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }

        metadata["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A private copy of <paramref name="obj"/> with every node built. A parsed or cloned
    /// <see cref="JsonObject"/> builds its children lazily on first access, which is not safe when many
    /// readers share the object; building them once here makes later reads plain lookups.
    /// </summary>
    public static JsonObject Own(JsonObject obj)
    {
        var copy = obj.DeepClone().AsObject();
        Materialize(copy);
        return copy;
    }

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
