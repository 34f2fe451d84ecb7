using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>
/// Keeps <c>metadata.managedFields</c> through ordinary writes (create, <c>PUT</c>, non-apply <c>PATCH</c>), so the
/// fields a client such as <c>kubectl edit</c> or a controller changed are recorded as that manager's, and a later
/// apply that would change them conflicts.
/// </summary>
public static class ManagedFieldsTracker
{
    /// <summary>
    /// Records the write of <paramref name="updated"/> over <paramref name="old"/> by <paramref name="fieldManager"/>
    /// (operation <c>Update</c>): the fields it added or changed become its own and no other manager's, the fields it
    /// removed nobody's.
    /// </summary>
    /// <param name="old">The stored object, or null for a create.</param>
    /// <param name="updated">The object about to be stored, taken over by this call (it is not copied: it comes back with
    /// the managed fields to store). Its <c>managedFields</c>, when present, are taken as written (kubectl rewrites
    /// them with a JSON patch when it upgrades client-side apply); a single empty entry (<c>[{}]</c>) clears them.</param>
    /// <param name="fieldManager">The <c>fieldManager</c> query parameter, or the name derived from the user agent.</param>
    /// <param name="lookup">The list and map types; null for the built-in table of the object's kind.</param>
    /// <param name="subresource">The subresource written (<c>status</c>, <c>scale</c>), or null for the main resource;
    /// a subresource write keeps the stored entries whatever the body says.</param>
    /// <param name="clock">The source of the time stamp; null for the system clock.</param>
    /// <returns><paramref name="updated"/> with the managed fields to store.</returns>
    public static JsonObject RecordUpdate(JsonObject? old, JsonObject updated, string fieldManager, ListTypeLookup? lookup = null, string? subresource = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(updated);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        var reset = updated["metadata"]?["managedFields"] is JsonArray { Count: 1 } written && written[0] is JsonObject { Count: 0 };
        var entries = subresource is null && !reset ? ManagedFieldsEntry.Read(updated) : [];

        // The caller's object becomes the result: the entries are decoded, so the written ones can go.
        var after = updated;
        (after["metadata"] as JsonObject)?.Remove("managedFields");
        if (reset)
        {
            return after;
        }

        if (entries.Count == 0)
        {
            entries = ManagedFieldsEntry.Read(old);
        }

        if (old is not null && entries.Count == 0)
        {
            // Like kube-apiserver, an object stored without managed fields stays untracked until someone applies to it.
            return after;
        }

        var types = ListTypes.Resolve(after, lookup);

        // The comparison skips metadata.managedFields itself, so the stored object is compared as it is. Its sets, and
        // the entries just decoded, belong to this call: they are combined in place rather than copied.
        var comparison = ObjectComparison.Of(old ?? new JsonObject(), after, types);
        var changed = comparison.Modified;
        changed.Merge(comparison.Added);
        var writer = new ManagedFieldsEntry(fieldManager, ManagedFieldsEntry.UpdateOperation, after["apiVersion"]?.GetValue<string>(), null, subresource, new FieldSet());
        var previous = entries.Find(e => e.Identity == writer.Identity);
        var owned = previous?.Fields ?? new FieldSet();
        owned.Subtract(comparison.Removed);
        owned.Merge(changed);
        writer = writer with
        {
            Fields = owned,

            // The time stamp moves only when this write took fields.
            Time = changed.IsEmpty ? previous?.Time : ManagedFieldsEntry.Timestamp(clock),
        };

        var result = new List<ManagedFieldsEntry>(entries.Count + 1);
        foreach (var entry in entries)
        {
            if (entry.Identity != writer.Identity)
            {
                entry.Fields.Subtract(changed);
                entry.Fields.Subtract(comparison.Removed);
                result.Add(entry);
            }
        }

        result.Add(writer);
        ManagedFieldsEntry.Write(after, result);
        return after;
    }
}
