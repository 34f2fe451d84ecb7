using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>
/// Server-side apply (<c>PATCH</c> with <c>application/apply-patch+yaml</c>) on JSON objects: merges an applied
/// configuration into the live object and keeps <c>metadata.managedFields</c>, the record of which manager owns which
/// field, the way kube-apiserver's field manager does.
/// </summary>
public static class ServerSideApply
{
    /// <summary>The manager that owns every field of an object without managed fields when it is first applied to.</summary>
    public const string BeforeFirstApplyManager = "before-first-apply";

    /// <summary>
    /// Applies <paramref name="applied"/> for <paramref name="fieldManager"/>. The applier's fields take the applied
    /// values and its entry becomes exactly the applied field set; fields it applied before and omits now are removed
    /// unless another manager owns them; a field another manager owns is changed to a different value only with
    /// <paramref name="force"/>, which takes the ownership away from that manager.
    /// </summary>
    /// <param name="live">The stored object, or null when the apply creates it.</param>
    /// <param name="applied">The applied configuration; must not carry <c>metadata.managedFields</c>.</param>
    /// <param name="fieldManager">The <c>fieldManager</c> query parameter (required for apply).</param>
    /// <param name="force">The <c>force</c> query parameter (<c>kubectl apply --server-side --force-conflicts</c>).</param>
    /// <param name="lookup">The list and map types (a CRD's, from <see cref="ListTypes.FromOpenApiSchema"/>); null for
    /// the built-in table of the object's kind, or schema-less defaults.</param>
    /// <param name="clock">The source of the entries' time stamps; null for the system clock.</param>
    /// <returns>The new object, with its <c>metadata.managedFields</c> updated; the inputs are not changed.</returns>
    /// <exception cref="ApplyConflictException">Fields owned by other managers would change and <paramref name="force"/> is false.</exception>
    /// <exception cref="PatchException">The configuration carries managed fields, or a list item cannot be identified (400).</exception>
    public static JsonObject Apply(JsonObject? live, JsonObject applied, string fieldManager, bool force, ListTypeLookup? lookup = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        if (applied["metadata"]?["managedFields"] is not null)
        {
            throw PatchException.BadRequest("metadata.managedFields must be nil");
        }

        var types = ListTypes.Resolve(applied, lookup);
        var appliedSet = FieldWalk.Collect(applied, types, strict: true);
        var now = ManagedFieldsEntry.Timestamp(clock);
        var before = live is null ? new JsonObject() : ManagedFieldsEntry.WithoutManagedFields(live);
        var entries = ManagedFieldsEntry.Read(live);
        if (live is not null && entries.Count == 0)
        {
            // An object nobody has tracked yet (created without managed fields): everything in it belongs to a
            // stand-in updater, so the first apply conflicts instead of silently taking it over.
            entries.Add(new(BeforeFirstApplyManager, ManagedFieldsEntry.UpdateOperation, live["apiVersion"]?.GetValue<string>(), now, null,
                FieldWalk.Collect(before, ListTypes.Resolve(before, lookup), strict: false)));
        }

        var applier = new ManagedFieldsEntry(fieldManager, ManagedFieldsEntry.ApplyOperation, applied["apiVersion"]?.GetValue<string>(), now, null, appliedSet);
        var previous = entries.Find(e => e.Identity == applier.Identity);
        var others = entries.Where(e => e.Identity != applier.Identity).ToList();

        var merged = ApplyMerge.Merge(before, applied, types);
        if (previous is not null)
        {
            var owned = others.Aggregate(appliedSet, (all, e) => FieldSet.Union(all, e.Fields));
            ApplyMerge.Prune(merged, previous.Fields, owned, types);
        }

        // A field the applier names but the merge removed (an applied null) was changed too.
        var comparison = ObjectComparison.Of(before, merged, types);
        var changed = FieldSet.Union(FieldSet.Union(comparison.Modified, comparison.Added), FieldSet.Intersection(comparison.Removed, appliedSet));
        var conflicts = others
            .OrderBy(e => e.Identity)
            .SelectMany(e => FieldSet.Intersection(e.Fields, changed).Paths.Select(path => new ApplyConflict(e.Description, path)))
            .ToList();
        if (conflicts.Count > 0 && !force)
        {
            throw new ApplyConflictException(conflicts);
        }

        var result = others
            .Select(e => e with { Fields = FieldSet.Difference(FieldSet.Difference(e.Fields, changed), comparison.Removed) })
            .Append(applier);
        ManagedFieldsEntry.Write(merged, result);
        return merged;
    }
}
