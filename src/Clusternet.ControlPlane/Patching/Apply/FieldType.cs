namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>How server-side apply treats a list or map field: merged member by member, or owned and replaced whole.</summary>
public enum FieldMerge
{
    /// <summary>A map (object) whose members are owned and merged one by one; the default for objects.</summary>
    Granular,

    /// <summary>Owned and replaced as a whole (<c>x-kubernetes-list-type: atomic</c>, <c>x-kubernetes-map-type: atomic</c>); the default for lists.</summary>
    Atomic,

    /// <summary>A list of scalars merged as a set (<c>x-kubernetes-list-type: set</c>); items are identified by value, <c>v:&lt;value&gt;</c>.</summary>
    Set,

    /// <summary>A list of objects merged by key (<c>x-kubernetes-list-type: map</c> or a <c>patchMergeKey</c>); items are <c>k:{...}</c>.</summary>
    Map,
}

/// <summary>The apply semantics of one field: its merge type and, for map lists, the fields that identify an item.</summary>
/// <param name="Merge">How the field merges.</param>
/// <param name="Keys">For <see cref="FieldMerge.Map"/>, the key fields (<c>x-kubernetes-list-map-keys</c>); empty otherwise.</param>
public sealed record FieldType(FieldMerge Merge, IReadOnlyList<string> Keys)
{
    /// <summary>A map merged member by member.</summary>
    public static FieldType Granular { get; } = new(FieldMerge.Granular, []);

    /// <summary>A list or map owned and replaced whole.</summary>
    public static FieldType Atomic { get; } = new(FieldMerge.Atomic, []);

    /// <summary>A list of scalars merged as a set.</summary>
    public static FieldType Set { get; } = new(FieldMerge.Set, []);

    /// <summary>A list of objects merged by the given key fields.</summary>
    /// <param name="keys">The key fields, at least one.</param>
    /// <returns>The map-list type.</returns>
    public static FieldType MapList(params string[] keys)
    {
        ArgumentOutOfRangeException.ThrowIfZero(keys.Length);
        return new(FieldMerge.Map, keys);
    }
}

/// <summary>
/// Tells server-side apply how the field at <paramref name="path"/> merges, or null for the default (objects merge
/// member by member, lists are atomic, as for a schema-less object).
/// </summary>
/// <param name="path">The dotted path of field names from the object's root; list items add no segment and map
/// entries add their key (<c>spec.template.spec.containers.ports</c>).</param>
/// <returns>The field's type, or null for the default.</returns>
public delegate FieldType? ListTypeLookup(string path);
