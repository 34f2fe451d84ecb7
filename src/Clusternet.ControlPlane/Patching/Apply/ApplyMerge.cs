using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>
/// The two object transformations of an apply: merging the applied configuration into the live object, and removing
/// what the applier set before, omits now and nobody else owns.
/// </summary>
internal static class ApplyMerge
{
    /// <summary>Merges <paramref name="configuration"/> into a copy of <paramref name="live"/>; null values are dropped.</summary>
    public static JsonObject Merge(JsonObject live, JsonObject configuration, ListTypeLookup lookup)
    {
        var merged = (JsonObject)MergeValues(live, configuration, FieldType.Granular, string.Empty, lookup)!;
        DropNulls(merged);
        return merged;
    }

    /// <summary>
    /// Removes from <paramref name="merged"/> the fields in <paramref name="previous"/> (what the applier owned before)
    /// that no manager owns now (<paramref name="owned"/> includes the applier's new set). A field stays while anything
    /// below it is still owned; a map or list that pruning leaves empty goes too.
    /// </summary>
    public static void Prune(JsonObject merged, FieldSet previous, FieldSet owned, ListTypeLookup lookup) =>
        PruneMembers(merged, previous, owned, string.Empty, lookup);

    private static JsonNode? MergeValues(JsonNode? live, JsonNode? configuration, FieldType? type, string path, ListTypeLookup lookup)
    {
        var shape = FieldWalk.ShapeOf(configuration, type);
        if (shape != FieldWalk.ShapeOf(live, type) || shape is Shape.Leaf or Shape.Atomic)
        {
            return configuration?.DeepClone();
        }

        if (shape == Shape.Granular)
        {
            var result = (JsonObject)live!.DeepClone();
            foreach (var (key, value) in (JsonObject)configuration!)
            {
                var childPath = FieldWalk.PathOf(path, key);
                result[key] = result.TryGetPropertyValue(key, out var existing)
                    ? MergeValues(existing, value, lookup(childPath), childPath, lookup)
                    : value?.DeepClone();
            }

            return result;
        }

        var liveItems = FieldWalk.Items((JsonArray)live!, shape, type, strict: false, path);
        var appliedItems = FieldWalk.Items((JsonArray)configuration!, shape, type, strict: true, path)!;
        return liveItems is null ? configuration!.DeepClone() : MergeItems(liveItems, appliedItems, shape, path, lookup);
    }

    /// <summary>
    /// Interleaves the two lists keeping both orders: live items not in the configuration stay where they were, and the
    /// configuration's items come in its order, each merged with its live counterpart.
    /// </summary>
    private static JsonArray MergeItems(List<(string Token, JsonNode? Item)> live, List<(string Token, JsonNode? Item)> applied, Shape shape, string path, ListTypeLookup lookup)
    {
        var liveByToken = live.ToDictionary(p => p.Token, p => p.Item, StringComparer.Ordinal);
        var appliedTokens = applied.Select(p => p.Token).ToHashSet(StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();

        void Emit(string token, JsonNode? liveItem, JsonNode? appliedItem, bool inLive)
        {
            emitted.Add(token);
            result.Add(appliedItem is null
                ? liveItem?.DeepClone()
                : shape == Shape.Map && inLive ? MergeValues(liveItem, appliedItem, FieldType.Granular, path, lookup) : appliedItem.DeepClone());
        }

        int l = 0, a = 0;
        while (l < live.Count || a < applied.Count)
        {
            if (l < live.Count && emitted.Contains(live[l].Token))
            {
                l++;
            }
            else if (l < live.Count && a < applied.Count && live[l].Token == applied[a].Token)
            {
                Emit(applied[a].Token, live[l].Item, applied[a].Item, inLive: true);
                l++;
                a++;
            }
            else if (l < live.Count && !appliedTokens.Contains(live[l].Token))
            {
                Emit(live[l].Token, live[l].Item, null, inLive: true);
                l++;
            }
            else if (a < applied.Count)
            {
                var token = applied[a].Token;
                var inLive = liveByToken.TryGetValue(token, out var liveItem);
                Emit(token, liveItem, applied[a].Item, inLive);
                a++;
            }
            else
            {
                l++;
            }
        }

        return result;
    }

    private static void PruneMembers(JsonObject map, FieldSet previous, FieldSet? owned, string path, ListTypeLookup lookup)
    {
        foreach (var key in map.Select(p => p.Key).ToList())
        {
            var token = FieldWalk.FieldToken(key);
            if (FieldWalk.IsStripped(path, key) || previous.TryGet(token) is not { } before)
            {
                continue;
            }

            var now = owned?.TryGet(token);
            if (before.Member && (now is null || now.IsEmpty))
            {
                map.Remove(key);
                continue;
            }

            var childPath = FieldWalk.PathOf(path, key);
            var value = map[key];
            var hadContent = value is JsonObject { Count: > 0 } or JsonArray { Count: > 0 };
            PruneValue(value, before, now, lookup(childPath), childPath, lookup);
            if (hadContent && value is JsonObject { Count: 0 } or JsonArray { Count: 0 } && now?.Member != true)
            {
                map.Remove(key);
            }
        }
    }

    private static void PruneValue(JsonNode? value, FieldSet previous, FieldSet? owned, FieldType? type, string path, ListTypeLookup lookup)
    {
        var shape = FieldWalk.ShapeOf(value, type);
        if (shape == Shape.Granular)
        {
            PruneMembers((JsonObject)value!, previous, owned, path, lookup);
            return;
        }

        if (shape is not (Shape.Set or Shape.Map) || FieldWalk.Items((JsonArray)value!, shape, type, strict: false, path) is not { } items)
        {
            return;
        }

        var list = (JsonArray)value!;
        for (var i = items.Count - 1; i >= 0; i--)
        {
            var (token, item) = items[i];
            if (previous.TryGet(token) is not { } before)
            {
                continue;
            }

            var now = owned?.TryGet(token);
            if (before.Member && (now is null || now.IsEmpty))
            {
                list.RemoveAt(i);
            }
            else if (shape == Shape.Map)
            {
                PruneMembers((JsonObject)item!, before, now, path, lookup);
            }
        }
    }

    private static void DropNulls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var key in map.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    map.Remove(key);
                }

                foreach (var (_, value) in map)
                {
                    DropNulls(value);
                }

                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    DropNulls(item);
                }

                break;
        }
    }
}
