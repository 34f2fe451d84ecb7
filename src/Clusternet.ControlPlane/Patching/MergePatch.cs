using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// JSON merge patch (RFC 7386, <c>application/merge-patch+json</c>): objects merge member by member, <c>null</c>
/// removes a member, anything else (arrays included) replaces the value it lands on.
/// </summary>
public static class MergePatch
{
    /// <summary>Parses <paramref name="utf8Json"/> and applies it to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The current object; never modified.</param>
    /// <param name="utf8Json">The request body.</param>
    /// <returns>The patched copy.</returns>
    /// <exception cref="PatchException">400 when the body is not JSON.</exception>
    public static JsonNode? Apply(JsonNode? document, ReadOnlySpan<byte> utf8Json)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest("error decoding patch: " + e.Message);
        }

        return Apply(document, patch);
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The current object; never modified.</param>
    /// <param name="patch">The merge patch; never modified. A non-object patch replaces the whole document.</param>
    /// <returns>The patched copy.</returns>
    public static JsonNode? Apply(JsonNode? document, JsonNode? patch)
    {
        if (patch is not JsonObject members)
        {
            return patch?.DeepClone();
        }

        var target = document as JsonObject is { } existing ? (JsonObject)existing.DeepClone() : [];
        MergeInto(target, members);
        return target;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject nested)
            {
                // RFC 7386 §2: a member that is not an object (or is absent) is merged into as if it were {}.
                if (!target.TryGetPropertyValue(name, out var current) || current is not JsonObject currentObject)
                {
                    currentObject = [];
                    target[name] = currentObject;
                }

                MergeInto(currentObject, nested);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
