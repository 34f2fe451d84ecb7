using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// Strategic merge patch (<c>application/strategic-merge-patch+json</c>) for the built-in kinds: lists merge by their
/// merge key (containers by <c>name</c>, conditions by <c>type</c>…), primitive sets merge without duplicates
/// (<c>metadata.finalizers</c>), other lists are replaced, and <c>null</c> deletes.
/// </summary>
/// <remarks>
/// Directives: <c>$patch: replace|delete|merge</c> in an object or as a list item, <c>$setElementOrder/&lt;list&gt;</c>,
/// <c>$retainKeys</c> and <c>$deleteFromPrimitiveList/&lt;list&gt;</c>. A kind without a strategy table (a custom
/// resource) is refused with 415, as kube-apiserver refuses it for lack of Go struct tags.
/// </remarks>
public static class StrategicMergePatch
{
    /// <summary>kube-apiserver's 415 message for a strategic merge patch of a custom resource.</summary>
    public const string UnsupportedMessage =
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

    /// <summary>Whether strategic merge patch is served for <paramref name="kind"/> in <paramref name="group"/>.</summary>
    /// <param name="group">The API group; empty for the core group.</param>
    /// <param name="kind">The kind, e.g. <c>Deployment</c>.</param>
    /// <returns>True for the built-in kinds of the strategy table.</returns>
    public static bool Supports(string group, string kind) => PatchStrategyTable.For(group, kind) is not null;

    /// <summary>Parses <paramref name="utf8Json"/> and applies it to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The current object; never modified.</param>
    /// <param name="utf8Json">The request body.</param>
    /// <param name="group">The object's API group; empty for the core group.</param>
    /// <param name="kind">The object's kind.</param>
    /// <returns>The patched copy.</returns>
    /// <exception cref="PatchException">415 for a kind without strategies; 400 or 422 for a patch that does not apply.</exception>
    public static JsonObject Apply(JsonObject document, ReadOnlySpan<byte> utf8Json, string group, string kind)
    {
        var table = PatchStrategyTable.For(group, kind) ?? throw PatchException.UnsupportedMediaType(UnsupportedMessage);
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(utf8Json);
        }
        catch (JsonException e)
        {
            throw PatchException.BadRequest("error decoding patch: " + e.Message);
        }

        return new StrategicMerge(table).Apply(document, patch);
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="document"/>.</summary>
    /// <param name="document">The current object; never modified.</param>
    /// <param name="patch">The patch object; never modified. JSON <c>null</c> changes nothing.</param>
    /// <param name="group">The object's API group; empty for the core group.</param>
    /// <param name="kind">The object's kind.</param>
    /// <returns>The patched copy.</returns>
    /// <exception cref="PatchException">415 for a kind without strategies; 400 or 422 for a patch that does not apply.</exception>
    public static JsonObject Apply(JsonObject document, JsonNode? patch, string group, string kind)
    {
        var table = PatchStrategyTable.For(group, kind) ?? throw PatchException.UnsupportedMediaType(UnsupportedMessage);
        return new StrategicMerge(table).Apply(document, patch);
    }
}
