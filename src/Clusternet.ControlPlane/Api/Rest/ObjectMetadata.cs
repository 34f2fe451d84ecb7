using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>The metadata the server owns: what it sets on create and carries over on update.</summary>
internal static class ObjectMetadata
{
    // apimachinery's name generator alphabet: no vowels (no words) and no look-alike characters.
    private const string Alphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject metadata)
        {
            return metadata;
        }

        metadata = new JsonObject();
        obj["metadata"] = metadata;
        return metadata;
    }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string GenerateName(string prefix)
    {
        Span<char> suffix = stackalloc char[5];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return prefix + new string(suffix);
    }

    /// <summary>Sets what a new object gets: uid, creationTimestamp, generation 1; clears what clients may not set.</summary>
    public static void PrepareForCreate(JsonObject obj, DateTimeOffset now)
    {
        var metadata = Of(obj);
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp(now);
        metadata["generation"] = 1L;
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
    }

    /// <summary>
    /// Carries the server-owned fields of <paramref name="current"/> into <paramref name="updated"/> and bumps
    /// <c>generation</c> when the spec changed (kubectl wait compares it with status.observedGeneration).
    /// </summary>
    public static void PrepareForUpdate(JsonObject updated, JsonObject current, ServedResource resource, string? subresource)
    {
        var metadata = Of(updated);
        var old = Of(current);
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "name", "namespace" })
        {
            if (old[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }

        var generation = Generation(old);
        if (subresource is null && HasStatus(resource) && current["status"] is { } status)
        {
            updated["status"] = status.DeepClone(); // the main resource ignores status when status is a subresource
        }
        else if (subresource is null && HasStatus(resource))
        {
            updated.Remove("status");
        }

        // Writes through /scale change the spec too, and the workload controllers watch generation for them.
        if (subresource != "status" && !JsonNode.DeepEquals(updated["spec"], current["spec"]))
        {
            generation++;
        }

        metadata["generation"] = generation;
    }

    /// <summary>Keeps only <c>status</c> of <paramref name="updated"/>: writes to /status change nothing else.</summary>
    public static JsonObject StatusOnly(JsonObject updated, JsonObject current)
    {
        var result = current.DeepClone().AsObject();
        if (updated["status"] is { } status)
        {
            result["status"] = status.DeepClone();
        }
        else
        {
            result.Remove("status");
        }

        return result;
    }

    // Stored values may hold an int, a long or a parsed JSON number; read them all as long.
    private static long Generation(JsonObject metadata) =>
        metadata["generation"] is JsonValue value && long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            ? generation
            : 1;

    public static bool HasStatus(ServedResource resource) => resource.Subresources.Any(s => s.Name == "status");

    public static JsonArray Finalizers(JsonObject obj) => JsonFields.Array(obj, "metadata", "finalizers");

    public static bool IsDeleting(JsonObject obj) => JsonFields.String(obj, "metadata", "deletionTimestamp") is { Length: > 0 };
}
