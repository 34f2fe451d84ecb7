using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching;

/// <summary>
/// The strategic merge of one patch into one object, following apimachinery's <c>strategicpatch</c> with the options
/// kube-apiserver uses: parallel directive lists are merged and <c>null</c> for an absent field is ignored.
/// </summary>
/// <remarks>
/// Works on a deep copy of the object; patch values are cloned before they are placed. New values go through the same
/// merge against an empty value, which drops their <c>null</c>s and directives as decoding into Go types does upstream.
/// </remarks>
internal sealed class StrategicMerge(FrozenDictionary<string, FieldStrategy> table)
{
    private const string PatchDirective = "$patch";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder/";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";

    public JsonObject Apply(JsonObject document, JsonNode? patch)
    {
        ArgumentNullException.ThrowIfNull(document);
        var copy = (JsonObject)document.DeepClone();
        return patch switch
        {
            null => copy,
            JsonObject members => MergeMap(copy, members, "") ?? [],
            _ => throw PatchException.BadRequest("json: cannot unmarshal " + JsonData.TypeName(JsonData.KindOf(patch)) + " into Go value of type map[string]interface {}"),
        };
    }

    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (owned); null means "delete this map".</summary>
    private JsonObject? MergeMap(JsonObject original, JsonObject patch, string path)
    {
        if (patch.TryGetPropertyValue(PatchDirective, out var directive))
        {
            switch (DirectiveName(directive))
            {
                case "replace":
                    var replacement = new JsonObject();
                    foreach (var (key, value) in patch)
                    {
                        if (key != PatchDirective)
                        {
                            MergeField(replacement, key, value, path);
                        }
                    }

                    return replacement;
                case "delete":
                    return null;
                case "merge":
                    break;
                default:
                    throw PatchException.BadRequest("unknown patch type: " + GoFormat.Value(directive) + " in map: " + GoFormat.Value(patch), path: path);
            }
        }

        if (patch.TryGetPropertyValue(RetainKeysDirective, out var retainKeys))
        {
            RetainKeys(original, patch, retainKeys, path);
        }

        // Deletions first, so a value both deleted and added in one patch ends up present.
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, key[DeleteFromPrimitiveListPrefix.Length..], value, path);
            }
        }

        // $setElementOrder places unlisted items by where they stood before this patch, so remember that first.
        var liveOrders = new Dictionary<string, List<JsonNode?>>(StringComparer.Ordinal);
        foreach (var (key, _) in patch)
        {
            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var listKey = key[SetElementOrderPrefix.Length..];
                table.TryGetValue(Join(path, listKey), out var strategy);
                liveOrders[listKey] = original.TryGetPropertyValue(listKey, out var live) && live is JsonArray liveList
                    ? liveList.Select(i => KeyOf(i, strategy.MergeKey)?.DeepClone()).ToList()
                    : [];
            }
        }

        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith('$'))
            {
                MergeField(original, key, value, path);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var listKey = key[SetElementOrderPrefix.Length..];
                SetElementOrder(original, patch, listKey, value, liveOrders[listKey], path);
            }
        }

        return original;
    }

    private void MergeField(JsonObject original, string key, JsonNode? value, string path)
    {
        if (value is null)
        {
            original.Remove(key);
            return;
        }

        original.TryGetPropertyValue(key, out var current);
        var merged = MergeValue(current, value, Join(path, key), out var delete);
        if (delete)
        {
            original.Remove(key);
        }
        else if (!ReferenceEquals(merged, current))
        {
            // Setting the member keeps its position among the object's members.
            original[key] = merged;
        }
    }

    private JsonNode? MergeValue(JsonNode? current, JsonNode value, string path, out bool delete)
    {
        delete = false;
        table.TryGetValue(path, out var strategy);
        var known = table.ContainsKey(path);
        switch (value)
        {
            case JsonObject members:
                if (known && strategy.Replace)
                {
                    return MergeMap([], members, path) ?? [];
                }

                var merged = MergeMap(current is JsonObject existing ? existing : [], members, path);
                delete = merged is null;
                return merged;
            case JsonArray items when known && !strategy.Replace:
                return MergeList(current as JsonArray, items, path, strategy.MergeKey);
            default:
                return value.DeepClone();
        }
    }

    private JsonArray MergeList(JsonArray? original, JsonArray patch, string path, string? mergeKey)
    {
        var live = original is null ? [] : original.ToList();
        foreach (var item in live.Concat(patch))
        {
            if (item is JsonArray)
            {
                // apimachinery's ErrNoListOfLists, answered with 422.
                throw PatchException.Invalid("lists of lists are not supported", path: path);
            }
        }

        return mergeKey is null ? MergePrimitives(live, patch, path) : MergeByKey(live, patch, path, mergeKey);
    }

    private static JsonArray MergePrimitives(List<JsonNode?> live, JsonArray patch, string path)
    {
        var additions = new List<JsonNode?>();
        var replace = false;
        foreach (var item in patch)
        {
            if (item is JsonObject special)
            {
                switch (special.TryGetPropertyValue(PatchDirective, out var directive) ? DirectiveName(directive) : null)
                {
                    case "replace":
                        replace = true;
                        continue;
                    case "merge":
                        continue;
                    default:
                        throw PatchException.BadRequest("invalid patch format of primitive list", path: path);
                }
            }

            additions.Add(item?.DeepClone());
        }

        var server = replace ? [] : live;
        var merged = Distinct(server.Concat(additions));
        var inPatch = merged.Where(m => IndexOf(additions, m, null) >= 0).OrderBy(m => IndexOf(additions, m, null)).ToList();
        var serverOnly = merged.Where(m => IndexOf(additions, m, null) < 0).ToList();
        return ToArray(Interleave(serverOnly, inPatch, server, null));
    }

    private JsonArray MergeByKey(List<JsonNode?> live, JsonArray patch, string path, string mergeKey)
    {
        var server = live.Select(i => i?.DeepClone()).ToList();
        var items = new List<JsonObject>();
        var replace = false;
        foreach (var node in patch)
        {
            if (node is not JsonObject item)
            {
                throw PatchException.BadRequest("expected a map, but received a " + JsonData.TypeName(JsonData.KindOf(node)), path: path);
            }

            if (!item.TryGetPropertyValue(PatchDirective, out var directive))
            {
                items.Add(item);
                continue;
            }

            switch (DirectiveName(directive))
            {
                case "delete":
                    var key = MergeKeyOf(item, mergeKey, path);
                    server.RemoveAll(s => s is JsonObject o && o.TryGetPropertyValue(mergeKey, out var v) && JsonData.DeepEquals(v, key));
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    break;
                default:
                    throw PatchException.BadRequest("unknown patch type: " + GoFormat.Value(directive) + " in map: " + GoFormat.Value(item), path: path);
            }
        }

        if (replace)
        {
            server.Clear();
        }

        var order = server.Select(s => KeyOf(s, mergeKey)).ToList();
        var merged = server;
        foreach (var item in items)
        {
            var key = MergeKeyOf(item, mergeKey, path);
            var at = merged.FindIndex(s => s is JsonObject o && o.TryGetPropertyValue(mergeKey, out var v) && JsonData.DeepEquals(v, key));
            if (at >= 0)
            {
                merged[at] = MergeMap((JsonObject)merged[at]!, item, path) ?? [];
            }
            else
            {
                merged.Add(MergeMap([], item, path) ?? []);
            }
        }

        var patchKeys = items.Select(i => i[mergeKey]).ToList();
        var inPatch = merged.Where(m => IndexOf(patchKeys, KeyOf(m, mergeKey), null) >= 0)
            .OrderBy(m => IndexOf(patchKeys, KeyOf(m, mergeKey), null)).ToList();
        var serverOnly = merged.Where(m => IndexOf(patchKeys, KeyOf(m, mergeKey), null) < 0).ToList();
        return ToArray(Interleave(serverOnly, inPatch, order, mergeKey));
    }

    private void RetainKeys(JsonObject original, JsonObject patch, JsonNode? retainKeys, string path)
    {
        if (retainKeys is not JsonArray list || list.Any(k => JsonData.KindOf(k) != JsonDataKind.String))
        {
            throw PatchException.BadRequest("invalid patch format of retainKeys", path: path);
        }

        var keep = list.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith('$') && value is not null && !keep.Contains(key))
            {
                throw PatchException.Invalid("patch content doesn't match retainKeys list", path: path);
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string key, JsonNode? values, string path)
    {
        if (values is not JsonArray deletions || deletions.Any(d => d is JsonObject or JsonArray))
        {
            throw PatchException.BadRequest("invalid patch format of primitive list", path: Join(path, key));
        }

        if (original.TryGetPropertyValue(key, out var current) && current is JsonArray list)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                if (deletions.Any(d => JsonData.DeepEquals(d, list[i])))
                {
                    list.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>
    /// Reorders the merged list <paramref name="key"/> by the patch's <c>$setElementOrder</c>: listed items in the listed
    /// order, the others where they stood on the server. The patch list must follow the same relative order.
    /// </summary>
    private void SetElementOrder(JsonObject original, JsonObject patch, string key, JsonNode? orderNode, List<JsonNode?> liveOrder, string path)
    {
        var fieldPath = Join(path, key);
        if (orderNode is not JsonArray orderList)
        {
            throw PatchException.BadRequest("invalid patch format of setElementOrder list", path: fieldPath);
        }

        if (!table.TryGetValue(fieldPath, out var strategy) || strategy.Replace || !original.TryGetPropertyValue(key, out var current) || current is not JsonArray list)
        {
            return;
        }

        var mergeKey = strategy.MergeKey;
        var order = orderList.Select(o => mergeKey is null ? o : MergeKeyOf(o as JsonObject ?? throw PatchException.BadRequest("invalid patch format of setElementOrder list", path: fieldPath), mergeKey, fieldPath)).ToList();
        if (patch.TryGetPropertyValue(key, out var patched) && patched is JsonArray patchItems)
        {
            var positions = patchItems
                .Where(p => p is not JsonObject o || !o.ContainsKey(PatchDirective))
                .Select(p => IndexOf(order, mergeKey is null ? p : (p as JsonObject)?[mergeKey], null))
                .ToList();
            for (var i = 0; i < positions.Count; i++)
            {
                if (positions[i] < 0 || (i > 0 && positions[i] < positions[i - 1]))
                {
                    throw PatchException.BadRequest("the order of the patch list of \"" + key + "\" doesn't match its $setElementOrder list", path: fieldPath);
                }
            }
        }

        var items = list.ToList();
        var listed = items.Where(i => IndexOf(order, KeyOf(i, mergeKey), null) >= 0).OrderBy(i => IndexOf(order, KeyOf(i, mergeKey), null)).ToList();
        var unlisted = items.Where(i => IndexOf(order, KeyOf(i, mergeKey), null) < 0).ToList();
        list.Clear();
        foreach (var item in Interleave(unlisted, listed, liveOrder, mergeKey))
        {
            list.Add(item);
        }
    }

    /// <summary>
    /// Joins server-only items (in server order) with patch items (in patch order): a server-only item goes first only
    /// while both it and the next patch item stood on the server and it stood before; new items therefore lead.
    /// </summary>
    private static List<JsonNode?> Interleave(List<JsonNode?> serverOnly, List<JsonNode?> patched, List<JsonNode?> keys, string? mergeKey)
    {
        var result = new List<JsonNode?>(serverOnly.Count + patched.Count);
        int i = 0, j = 0;
        while (i < serverOnly.Count || j < patched.Count)
        {
            if (j >= patched.Count)
            {
                result.Add(serverOnly[i++]);
                continue;
            }

            if (i >= serverOnly.Count)
            {
                result.Add(patched[j++]);
                continue;
            }

            var left = IndexOf(keys, KeyOf(serverOnly[i], mergeKey), null);
            var right = IndexOf(keys, KeyOf(patched[j], mergeKey), null);
            result.Add(left >= 0 && right >= 0 && left < right ? serverOnly[i++] : patched[j++]);
        }

        return result;
    }

    private static JsonNode MergeKeyOf(JsonObject item, string mergeKey, string path) =>
        item.TryGetPropertyValue(mergeKey, out var value) && value is not null
            ? value
            : throw PatchException.BadRequest("map: " + GoFormat.Value(item) + " does not contain declared merge key: " + mergeKey, path: path);

    private static JsonNode? KeyOf(JsonNode? item, string? mergeKey) =>
        mergeKey is null ? item : (item as JsonObject)?[mergeKey];

    private static int IndexOf(List<JsonNode?> list, JsonNode? value, string? mergeKey)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (JsonData.DeepEquals(KeyOf(list[i], mergeKey), value))
            {
                return i;
            }
        }

        return -1;
    }

    private static List<JsonNode?> Distinct(IEnumerable<JsonNode?> items)
    {
        var result = new List<JsonNode?>();
        foreach (var item in items)
        {
            if (IndexOf(result, item, null) < 0)
            {
                result.Add(item);
            }
        }

        return result;
    }

    private static JsonArray ToArray(List<JsonNode?> items)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(item?.Parent is null ? item : item.DeepClone());
        }

        return array;
    }

    private static string? DirectiveName(JsonNode? directive) =>
        JsonData.KindOf(directive) == JsonDataKind.String ? directive!.GetValue<string>() : null;

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;
}
