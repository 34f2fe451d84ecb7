using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>
/// A set of field paths in the structured-merge-diff <c>FieldsV1</c> form that <c>metadata.managedFields</c> carries:
/// a trie whose steps are <c>f:&lt;field&gt;</c>, <c>k:{&lt;key fields&gt;}</c> (map-list items),
/// <c>v:&lt;value&gt;</c> (set-list items) and <c>i:&lt;index&gt;</c>, where <c>"."</c> marks a node that is itself a
/// member and has members below it.
/// </summary>
public sealed class FieldSet
{
    private SortedDictionary<string, FieldSet>? children;

    /// <summary>An empty set.</summary>
    public FieldSet()
    {
    }

    /// <summary>Whether the set has no paths.</summary>
    public bool IsEmpty => !Member && (children is null || children.Count == 0);

    /// <summary>
    /// The member paths in kube-apiserver's notation (<c>.spec.replicas</c>,
    /// <c>.spec.containers[name="nginx"].image</c>, <c>.metadata.finalizers[="a"]</c>), in the order the trie sorts them.
    /// </summary>
    public IEnumerable<string> Paths => Enumerate(string.Empty);

    internal bool Member { get; set; }

    internal IEnumerable<KeyValuePair<string, FieldSet>> Children => children ?? Enumerable.Empty<KeyValuePair<string, FieldSet>>();

    /// <summary>
    /// The fields an applied configuration specifies: every scalar, every list item (by key, by value), every atomic
    /// list or map and every empty or null value; the identity fields kube-apiserver never tracks (<c>apiVersion</c>,
    /// <c>kind</c>, <c>metadata.name</c>, <c>uid</c>, <c>resourceVersion</c>, …) are left out.
    /// </summary>
    /// <param name="configuration">The object as applied.</param>
    /// <param name="lookup">The list and map types; null for the built-in table of the object's kind.</param>
    /// <returns>The set.</returns>
    /// <exception cref="PatchException">A map-list item lacks a key field, or two items share a key (400).</exception>
    public static FieldSet Of(JsonObject configuration, ListTypeLookup? lookup = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return FieldWalk.Collect(configuration, ListTypes.Resolve(configuration, lookup), strict: true);
    }

    /// <summary>Reads a <c>fieldsV1</c> object.</summary>
    /// <param name="fieldsV1">The trie as stored in a managed-fields entry.</param>
    /// <returns>The set.</returns>
    public static FieldSet FromFieldsV1(JsonObject fieldsV1)
    {
        ArgumentNullException.ThrowIfNull(fieldsV1);
        var set = new FieldSet();
        foreach (var (token, value) in fieldsV1)
        {
            if (token == ".")
            {
                set.Member = true;
                continue;
            }

            var child = value is JsonObject nested ? FromFieldsV1(nested) : new FieldSet();
            if (child.IsEmpty)
            {
                child.Member = true;
            }

            set.Attach(token, child);
        }

        return set;
    }

    /// <summary>Writes the set as a <c>fieldsV1</c> object; <c>"."</c> comes first, then the steps in sorted order.</summary>
    /// <returns>A new JSON object.</returns>
    public JsonObject ToFieldsV1()
    {
        var result = new JsonObject();
        if (Member && children is { Count: > 0 })
        {
            result["."] = new JsonObject();
        }

        foreach (var (token, child) in Children)
        {
            result[token] = child.ToFieldsV1();
        }

        return result;
    }

    /// <inheritdoc/>
    public override string ToString() => ToFieldsV1().ToJsonString();

    internal static FieldSet Union(FieldSet a, FieldSet b)
    {
        var result = a.Clone();
        result.Merge(b);
        return result;
    }

    internal static FieldSet Difference(FieldSet a, FieldSet b)
    {
        var result = new FieldSet { Member = a.Member && !b.Member };
        foreach (var (token, child) in a.Children)
        {
            var rest = b.TryGet(token) is { } other ? Difference(child, other) : child.Clone();
            if (!rest.IsEmpty)
            {
                result.Child(token).Merge(rest);
            }
        }

        return result;
    }

    internal static FieldSet Intersection(FieldSet a, FieldSet b)
    {
        var result = new FieldSet { Member = a.Member && b.Member };
        foreach (var (token, child) in a.Children)
        {
            if (b.TryGet(token) is { } other && Intersection(child, other) is { IsEmpty: false } both)
            {
                result.Child(token).Merge(both);
            }
        }

        return result;
    }

    internal FieldSet Child(string token)
    {
        children ??= new SortedDictionary<string, FieldSet>(StepOrder.Instance);
        if (!children.TryGetValue(token, out var child))
        {
            child = new FieldSet();
            children.Add(token, child);
        }

        return child;
    }

    internal FieldSet? TryGet(string token) => children is not null && children.TryGetValue(token, out var child) ? child : null;

    /// <summary>Adds <paramref name="child"/> itself (not a copy) under <paramref name="token"/>, or merges it into the child there.</summary>
    internal void Attach(string token, FieldSet child)
    {
        children ??= new SortedDictionary<string, FieldSet>(StepOrder.Instance);
        if (children.TryGetValue(token, out var existing))
        {
            existing.Merge(child);
        }
        else
        {
            children.Add(token, child);
        }
    }

    /// <summary>
    /// Removes <paramref name="other"/>'s paths from this set in place; the result is what <see cref="Difference"/> of
    /// the two would return, without copying the rest.
    /// </summary>
    internal void Subtract(FieldSet other)
    {
        Member &= !other.Member;
        if (children is null)
        {
            return;
        }

        List<string>? emptied = null;
        foreach (var (token, child) in children)
        {
            if (other.TryGet(token) is { } removed)
            {
                child.Subtract(removed);
            }

            if (child.IsEmpty)
            {
                (emptied ??= []).Add(token);
            }
        }

        foreach (var token in emptied ?? [])
        {
            children.Remove(token);
        }
    }

    internal void Merge(FieldSet other)
    {
        Member |= other.Member;
        foreach (var (token, child) in other.Children)
        {
            Child(token).Merge(child);
        }
    }

    internal FieldSet Clone()
    {
        var copy = new FieldSet();
        copy.Merge(this);
        return copy;
    }

    /// <summary>Turns one trie step into kube-apiserver's path notation, as conflict causes print it.</summary>
    internal static string Describe(string token)
    {
        var text = token.Length > 2 ? token[2..] : string.Empty;
        switch (token[0])
        {
            case 'f':
                return "." + text;
            case 'v':
                return "[=" + text + "]";
            case 'i':
                return "[" + text + "]";
            case 'k':
                var builder = new StringBuilder("[");
                var first = true;
                foreach (var (name, value) in (JsonNode.Parse(text) as JsonObject) ?? [])
                {
                    builder.Append(first ? string.Empty : ",").Append(name).Append('=').Append(JsonData.CanonicalJson(value));
                    first = false;
                }

                return builder.Append(']').ToString();
            default:
                return token;
        }
    }

    // Members at one level come before the levels below, as structured-merge-diff iterates a set.
    private IEnumerable<string> Enumerate(string prefix)
    {
        foreach (var (token, child) in Children)
        {
            if (child.Member)
            {
                yield return prefix + Describe(token);
            }
        }

        foreach (var (token, child) in Children)
        {
            foreach (var path in child.Enumerate(prefix + Describe(token)))
            {
                yield return path;
            }
        }
    }

    /// <summary>Field names first, then keys, values and indexes, as structured-merge-diff orders path elements.</summary>
    private sealed class StepOrder : IComparer<string>
    {
        public static readonly StepOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var rank = Rank(x!).CompareTo(Rank(y!));
            if (rank != 0)
            {
                return rank;
            }

            if (x![0] == 'i' && int.TryParse(x.AsSpan(2), out var i) && int.TryParse(y!.AsSpan(2), out var j))
            {
                return i.CompareTo(j);
            }

            return string.CompareOrdinal(x, y);
        }

        private static int Rank(string token) => token[0] switch
        {
            'f' => 0,
            'k' => 1,
            'v' => 2,
            'i' => 3,
            _ => 4,
        };
    }
}
