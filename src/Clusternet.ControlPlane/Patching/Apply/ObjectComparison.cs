using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>The fields one write added, changed the value of, or removed, as field sets.</summary>
internal sealed record ObjectComparison(FieldSet Added, FieldSet Modified, FieldSet Removed)
{
    /// <summary>Compares two versions of an object, both without <c>metadata.managedFields</c>.</summary>
    public static ObjectComparison Of(JsonObject before, JsonObject after, ListTypeLookup lookup)
    {
        var result = new ObjectComparison(new FieldSet(), new FieldSet(), new FieldSet());
        result.CompareMembers(before, after, string.Empty, lookup);
        return result;
    }

    private void CompareMembers(JsonObject before, JsonObject after, string path, ListTypeLookup lookup)
    {
        foreach (var key in before.Select(p => p.Key).Union(after.Select(p => p.Key)))
        {
            if (FieldWalk.IsStripped(path, key))
            {
                continue;
            }

            var childPath = FieldWalk.PathOf(path, key);
            var child = Empty();
            child.CompareValues(before.TryGetPropertyValue(key, out var a), a, after.TryGetPropertyValue(key, out var b), b, lookup(childPath), childPath, lookup);
            Keep(FieldWalk.FieldToken(key), child);
        }
    }

    private void CompareValues(bool hasBefore, JsonNode? before, bool hasAfter, JsonNode? after, FieldType? type, string path, ListTypeLookup lookup)
    {
        if (!hasBefore || !hasAfter)
        {
            FieldWalk.CollectInto(hasBefore ? Removed : Added, hasBefore ? before : after, type, path, path, lookup, strict: false);
            return;
        }

        var shape = FieldWalk.ShapeOf(before, type);
        if (shape != FieldWalk.ShapeOf(after, type))
        {
            // A field that changed its kind (a map became a scalar): the old members are gone, the new ones arrive.
            Modified.Member = true;
            FieldWalk.CollectInto(Removed, before, type, path, path, lookup, strict: false);
            FieldWalk.CollectInto(Added, after, type, path, path, lookup, strict: false);
            Removed.Member = Added.Member = false;
            return;
        }

        switch (shape)
        {
            case Shape.Granular:
                CompareMembers((JsonObject)before!, (JsonObject)after!, path, lookup);
                return;
            case Shape.Set or Shape.Map:
                var beforeItems = FieldWalk.Items((JsonArray)before!, shape, type, strict: false, path);
                var afterItems = FieldWalk.Items((JsonArray)after!, shape, type, strict: false, path);
                if (beforeItems is not null && afterItems is not null)
                {
                    CompareItems(beforeItems, afterItems, shape, path, lookup);
                    return;
                }

                break;
        }

        if (!JsonData.DeepEquals(before, after))
        {
            Modified.Member = true;
        }
    }

    private void CompareItems(List<(string Token, JsonNode? Item)> before, List<(string Token, JsonNode? Item)> after, Shape shape, string path, ListTypeLookup lookup)
    {
        var beforeByToken = before.ToDictionary(p => p.Token, p => p.Item, StringComparer.Ordinal);
        var afterByToken = after.ToDictionary(p => p.Token, p => p.Item, StringComparer.Ordinal);
        foreach (var token in beforeByToken.Keys.Union(afterByToken.Keys))
        {
            var inBefore = beforeByToken.TryGetValue(token, out var a);
            var inAfter = afterByToken.TryGetValue(token, out var b);
            if (inBefore != inAfter)
            {
                var side = inBefore ? Removed : Added;
                var node = side.Child(token);
                node.Member = true;
                if (shape == Shape.Map)
                {
                    FieldWalk.CollectInto(node, inBefore ? a : b, FieldType.Granular, path, path, lookup, strict: false);
                }

                continue;
            }

            if (shape == Shape.Map)
            {
                var child = Empty();
                child.CompareMembers((JsonObject)a!, (JsonObject)b!, path, lookup);
                Keep(token, child);
            }
        }
    }

    // A member's comparison is built detached and attached only where it found something: most members of a write are
    // unchanged, and creating (then pruning) three trie nodes for each of them was most of the cost of tracking a write.
    private static ObjectComparison Empty() => new(new FieldSet(), new FieldSet(), new FieldSet());

    private void Keep(string token, ObjectComparison child)
    {
        Attach(Added, token, child.Added);
        Attach(Modified, token, child.Modified);
        Attach(Removed, token, child.Removed);
    }

    private static void Attach(FieldSet parent, string token, FieldSet child)
    {
        if (!child.IsEmpty)
        {
            parent.Attach(token, child);
        }
    }
}
