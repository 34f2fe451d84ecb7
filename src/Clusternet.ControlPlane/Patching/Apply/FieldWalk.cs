using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>How one value is walked: a scalar, a member-wise map, something owned whole, a set list or a map list.</summary>
internal enum Shape
{
    Leaf,
    Granular,
    Atomic,
    Set,
    Map,
}

/// <summary>
/// The shared rules of apply's walks over an object: which fields are never tracked, how a value's shape follows from
/// its JSON kind and its <see cref="FieldType"/>, and how list items are named in a field set.
/// </summary>
internal static class FieldWalk
{
    // kube-apiserver strips these from every field set: they identify the object or are written by the server.
    private static readonly HashSet<string> StrippedMetadata =
        ["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"];

    public static bool IsStripped(string parentPath, string key) => parentPath switch
    {
        "" => key is "apiVersion" or "kind",
        "metadata" => StrippedMetadata.Contains(key),
        _ => false,
    };

    public static string PathOf(string parent, string key) => parent.Length == 0 ? key : parent + "." + key;

    public static string FieldToken(string key) => "f:" + key;

    public static string ValueToken(JsonNode? value) => "v:" + JsonData.CanonicalJson(value);

    public static Shape ShapeOf(JsonNode? value, FieldType? type) => value switch
    {
        JsonObject => type?.Merge == FieldMerge.Atomic ? Shape.Atomic : Shape.Granular,
        JsonArray => type?.Merge switch
        {
            FieldMerge.Set => Shape.Set,
            FieldMerge.Map => Shape.Map,
            _ => Shape.Atomic,
        },
        _ => Shape.Leaf,
    };

    /// <summary>
    /// Names the items of a set or map list. A list that cannot be named (an item without its keys, two items with
    /// one key) fails when <paramref name="strict"/> (an applied configuration); otherwise null, and the caller treats
    /// the list as atomic (a stored object written by an older or laxer client).
    /// </summary>
    public static List<(string Token, JsonNode? Item)>? Items(JsonArray list, Shape shape, FieldType? type, bool strict, string display)
    {
        var items = new List<(string, JsonNode?)>(list.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var item = list[i];
            string? token;
            if (shape == Shape.Set)
            {
                token = ValueToken(item);
            }
            else
            {
                token = KeyToken(item, type!.Keys, out var missing);
                if (token is null)
                {
                    return strict
                        ? throw Typed(missing is null
                            ? $"{display}[{i}]: associative list with keys has an element that is not a map"
                            : $"{display}[{i}]: associative list with keys has an element that omits key field \"{missing}\"")
                        : null;
                }
            }

            if (!seen.Add(token))
            {
                return strict ? throw Typed($"{display}: duplicate entries for key {FieldSet.Describe(token)}") : null;
            }

            items.Add((token, item));
        }

        return items;
    }

    public static FieldSet Collect(JsonObject obj, ListTypeLookup lookup, bool strict)
    {
        var set = new FieldSet();
        CollectMembers(set, obj, string.Empty, string.Empty, lookup, strict);
        return set;
    }

    /// <summary>Adds the fields of <paramref name="value"/> below <paramref name="node"/>, the set's node for its path.</summary>
    public static void CollectInto(FieldSet node, JsonNode? value, FieldType? type, string path, string display, ListTypeLookup lookup, bool strict)
    {
        var shape = ShapeOf(value, type);
        switch (shape)
        {
            case Shape.Leaf:
            case Shape.Atomic:
                node.Member = true;
                return;
            case Shape.Granular:
                var map = (JsonObject)value!;
                if (map.Count == 0)
                {
                    node.Member = true;
                }

                CollectMembers(node, map, path, display, lookup, strict);
                return;
        }

        var items = Items((JsonArray)value!, shape, type, strict, display);
        if (items is null)
        {
            node.Member = true;
            return;
        }

        foreach (var (token, item) in items)
        {
            var child = node.Child(token);
            child.Member = true;
            if (shape == Shape.Map)
            {
                CollectMembers(child, (JsonObject)item!, path, display + FieldSet.Describe(token), lookup, strict);
            }
        }
    }

    private static void CollectMembers(FieldSet node, JsonObject map, string path, string display, ListTypeLookup lookup, bool strict)
    {
        foreach (var (key, value) in map)
        {
            if (IsStripped(path, key))
            {
                continue;
            }

            var childPath = PathOf(path, key);
            var child = new FieldSet();
            CollectInto(child, value, lookup(childPath), childPath, display + "." + key, lookup, strict);

            // An empty list that is not atomic specifies nothing.
            if (!child.IsEmpty)
            {
                node.Attach(FieldToken(key), child);
            }
        }
    }

    private static string? KeyToken(JsonNode? item, IReadOnlyList<string> keys, out string? missing)
    {
        missing = null;
        if (item is not JsonObject map)
        {
            return null;
        }

        var builder = new StringBuilder("k:{");
        var first = true;
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (!map.TryGetPropertyValue(key, out var value) || value is null)
            {
                missing = key;
                return null;
            }

            builder.Append(first ? string.Empty : ",").Append(JsonData.CanonicalJson(JsonValue.Create(key))).Append(':').Append(JsonData.CanonicalJson(value));
            first = false;
        }

        return builder.Append('}').ToString();
    }

    private static PatchException Typed(string detail) => PatchException.BadRequest("failed to create typed patch object: " + detail);
}
