using System.Net;
using System.Text.Json.Nodes;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// The patch types the shadow API applies to a stored template itself (the object exists only as a template, so the
/// parent cannot patch it): JSON Patch (RFC 6902), JSON merge patch (RFC 7386) and, for built-in kinds, strategic merge.
/// </summary>
/// <remarks>
/// Strategic merge here knows list merge keys by field name (containers, env, volumes, ports, …) rather than from the
/// parent's OpenAPI schema; that covers the lists Kubernetes declares with a merge strategy in workloads and
/// Services. The directives <c>$patch: replace|delete</c>, <c>$deleteFromPrimitiveList/…</c> and <c>$retainKeys</c>
/// are honoured; <c>$setElementOrder/…</c> is accepted and ignored (order of merged lists follows the original).
/// </remarks>
internal static class ShadowPatches
{
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";

    /// <summary>List fields merged by key in a strategic merge patch, and their key(s) in order of preference.</summary>
    private static readonly Dictionary<string, string[]> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = ["name"],
        ["initContainers"] = ["name"],
        ["ephemeralContainers"] = ["name"],
        ["env"] = ["name"],
        ["volumes"] = ["name"],
        ["volumeMounts"] = ["mountPath"],
        ["volumeDevices"] = ["devicePath"],
        ["imagePullSecrets"] = ["name"],
        ["hostAliases"] = ["ip"],
        ["ports"] = ["containerPort", "port"],
        ["conditions"] = ["type"],
        ["ownerReferences"] = ["uid"],
        ["resourceClaims"] = ["name"],
        ["topologySpreadConstraints"] = ["topologyKey"],
    };

    /// <summary>Primitive lists merged as sets rather than replaced.</summary>
    private static readonly HashSet<string> MergedPrimitiveLists = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>Applies a patch of media type <paramref name="mediaType"/>; throws a Status for unsupported types or bad patches.</summary>
    public static JsonObject Apply(JsonObject original, JsonNode? patch, string mediaType, bool customResource)
    {
        switch (mediaType)
        {
            case JsonPatch:
                return ApplyJsonPatch(original, patch as JsonArray ?? throw ShadowStatus.BadRequest("a JSON patch must be a JSON array of operations"));
            case MergePatch:
                return MergeObject(original, patch as JsonObject ?? throw ShadowStatus.BadRequest("a merge patch must be a JSON object"), strategic: false);
            case StrategicMergePatch when !customResource:
                return MergeObject(original, patch as JsonObject ?? throw ShadowStatus.BadRequest("a strategic merge patch must be a JSON object"), strategic: true);
            case StrategicMergePatch:
                throw ShadowStatus.UnsupportedMediaType("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json");
            case ApplyPatch:
                throw ShadowStatus.UnsupportedMediaType("server-side apply is not supported by the shadow API (templates keep no managed fields); use application/merge-patch+json, application/json-patch+json or application/strategic-merge-patch+json");
            default:
                throw ShadowStatus.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: {JsonPatch}, {MergePatch}, {StrategicMergePatch}");
        }
    }

    private static JsonObject MergeObject(JsonObject original, JsonObject patch, bool strategic)
    {
        var result = (JsonObject)original.DeepClone();
        MergeInto(result, patch, strategic);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch, bool strategic)
    {
        if (strategic && patch["$retainKeys"] is JsonArray retain)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var key in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
            {
                target.Remove(key);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (strategic && key.StartsWith('$'))
            {
                continue;
            }

            if (strategic && key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal))
            {
                continue;
            }

            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject patchObject)
            {
                var directive = strategic ? patchObject["$patch"]?.GetValue<string>() : null;
                if (directive == "delete")
                {
                    target.Remove(key);
                }
                else if (directive == "replace" || target[key] is not JsonObject existing)
                {
                    var replacement = (JsonObject)patchObject.DeepClone();
                    replacement.Remove("$patch");
                    if (directive != "replace")
                    {
                        // A new map still goes through merging, so nulls inside it are dropped as RFC 7386 says.
                        replacement = new JsonObject();
                        MergeInto(replacement, patchObject, strategic);
                    }

                    target[key] = replacement;
                }
                else
                {
                    MergeInto(existing, patchObject, strategic);
                }
            }
            else if (strategic && value is JsonArray patchList && target[key] is JsonArray existingList)
            {
                target[key] = MergeList(key, existingList, patchList);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }

        if (strategic)
        {
            foreach (var (key, value) in patch)
            {
                if (key.StartsWith("$deleteFromPrimitiveList/", StringComparison.Ordinal) && value is JsonArray remove
                    && target[key["$deleteFromPrimitiveList/".Length..]] is JsonArray list)
                {
                    var removed = remove.Select(v => v?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
                    foreach (var item in list.Where(i => removed.Contains(i?.ToJsonString())).ToList())
                    {
                        list.Remove(item);
                    }
                }
            }
        }
    }

    private static JsonArray MergeList(string field, JsonArray existing, JsonArray patch)
    {
        if (patch.OfType<JsonObject>().Any(item => item["$patch"]?.GetValue<string>() == "replace"))
        {
            return new JsonArray(patch.Where(i => i is not JsonObject o || o["$patch"] is null).Select(i => i?.DeepClone()).ToArray());
        }

        if (MergedPrimitiveLists.Contains(field) && patch.All(i => i is JsonValue))
        {
            var result = (JsonArray)existing.DeepClone();
            var present = existing.Select(i => i?.ToJsonString()).ToHashSet(StringComparer.Ordinal);
            foreach (var item in patch)
            {
                if (present.Add(item?.ToJsonString()))
                {
                    result.Add(item?.DeepClone());
                }
            }

            return result;
        }

        var mergeKey = MergeKeys.TryGetValue(field, out var keys)
            ? keys.FirstOrDefault(k => patch.OfType<JsonObject>().Any(i => i.ContainsKey(k)) || existing.OfType<JsonObject>().Any(i => i.ContainsKey(k)))
            : null;
        if (mergeKey is null || !patch.All(i => i is JsonObject))
        {
            return (JsonArray)patch.DeepClone();
        }

        var merged = (JsonArray)existing.DeepClone();
        foreach (var item in patch.OfType<JsonObject>())
        {
            var key = item[mergeKey]?.ToJsonString();
            var match = merged.OfType<JsonObject>().FirstOrDefault(e => e[mergeKey]?.ToJsonString() == key);
            if (item["$patch"]?.GetValue<string>() == "delete")
            {
                if (match is not null)
                {
                    merged.Remove(match);
                }
            }
            else if (match is not null)
            {
                MergeInto(match, item, strategic: true);
            }
            else
            {
                var added = new JsonObject();
                MergeInto(added, item, strategic: true);
                merged.Add(added);
            }
        }

        return merged;
    }

    private static JsonObject ApplyJsonPatch(JsonObject original, JsonArray operations)
    {
        JsonNode document = original.DeepClone();
        foreach (var operation in operations)
        {
            var op = operation?["op"]?.GetValue<string>() ?? throw ShadowStatus.BadRequest("a JSON patch operation lacks \"op\"");
            var path = operation["path"]?.GetValue<string>() ?? throw ShadowStatus.BadRequest($"the JSON patch operation {op} lacks \"path\"");
            switch (op)
            {
                case "add":
                    document = Add(document, path, Value(operation));
                    break;
                case "remove":
                    document = Remove(document, path, out _);
                    break;
                case "replace":
                    document = Remove(document, path, out _);
                    document = Add(document, path, Value(operation));
                    break;
                case "move":
                    document = Remove(document, From(operation), out var moved);
                    document = Add(document, path, moved);
                    break;
                case "copy":
                    document = Add(document, path, Get(document, From(operation))?.DeepClone());
                    break;
                case "test":
                    if (Get(document, path)?.ToJsonString() != Value(operation)?.ToJsonString())
                    {
                        throw Unprocessable($"the JSON patch test at {path} failed");
                    }

                    break;
                default:
                    throw ShadowStatus.BadRequest($"unknown JSON patch operation \"{op}\"");
            }
        }

        return document as JsonObject ?? throw Unprocessable("the JSON patch did not produce an object");
    }

    private static JsonNode? Value(JsonNode operation) =>
        operation.AsObject().TryGetPropertyValue("value", out var value) ? value?.DeepClone() : throw ShadowStatus.BadRequest("a JSON patch operation lacks \"value\"");

    private static string From(JsonNode operation) => operation["from"]?.GetValue<string>() ?? throw ShadowStatus.BadRequest("a JSON patch operation lacks \"from\"");

    private static string[] Pointer(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw Unprocessable($"the JSON pointer \"{path}\" does not start with /");
        }

        return path[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
    }

    private static JsonNode? Get(JsonNode document, string path)
    {
        JsonNode? node = document;
        foreach (var token in Pointer(path))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var index) && index >= 0 && index < a.Count => a[index],
                _ => throw Unprocessable($"the JSON patch path {path} does not exist"),
            };
        }

        return node;
    }

    private static JsonNode Add(JsonNode document, string path, JsonNode? value)
    {
        var tokens = Pointer(path);
        if (tokens.Length == 0)
        {
            return value ?? throw Unprocessable("cannot replace the whole document with null");
        }

        var parent = ParentOf(document, tokens) ?? throw Unprocessable($"the parent of {path} is null");
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o:
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var index) && index >= 0 && index <= a.Count:
                a.Insert(index, value);
                break;
            default:
                throw Unprocessable($"cannot add at {path}");
        }

        return document;
    }

    private static JsonNode Remove(JsonNode document, string path, out JsonNode? removed)
    {
        var tokens = Pointer(path);
        if (tokens.Length == 0)
        {
            throw Unprocessable("cannot remove the whole document");
        }

        var parent = ParentOf(document, tokens);
        var last = tokens[^1];
        switch (parent)
        {
            case JsonObject o when o.TryGetPropertyValue(last, out removed):
                o.Remove(last);
                break;
            case JsonArray a when int.TryParse(last, out var index) && index >= 0 && index < a.Count:
                removed = a[index];
                a.RemoveAt(index);
                break;
            default:
                throw Unprocessable($"the JSON patch path {path} does not exist");
        }

        return document;
    }

    private static JsonNode? ParentOf(JsonNode document, string[] tokens) =>
        tokens.Length == 1 ? document : Get(document, "/" + string.Join('/', tokens[..^1].Select(Escape)));

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static ShadowException Unprocessable(string message) =>
        new(HttpStatusCode.UnprocessableEntity, ShadowStatus.Failure(HttpStatusCode.UnprocessableEntity, "Invalid", message));
}
