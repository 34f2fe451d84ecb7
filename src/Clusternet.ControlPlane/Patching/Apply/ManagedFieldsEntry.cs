using System.Globalization;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>One entry of <c>metadata.managedFields</c>, decoded: who wrote which fields, how and when.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string? ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string ApplyOperation = "Apply";
    public const string UpdateOperation = "Update";

    /// <summary>
    /// What makes two entries the same owner: the manager, the operation, the subresource, and for updates the
    /// API version (an applier keeps one entry whatever version it applies with).
    /// </summary>
    public (string, string, string, string) Identity =>
        (Manager, Operation, Operation == ApplyOperation ? string.Empty : ApiVersion ?? string.Empty, Subresource ?? string.Empty);

    /// <summary>How conflict messages name the owner: <c>"kubectl"</c>, or <c>"kubectl-edit" using apps/v1</c> for an updater.</summary>
    public string Description
    {
        get
        {
            var text = "\"" + Manager + "\"";
            if (!string.IsNullOrEmpty(Subresource))
            {
                text += " with subresource \"" + Subresource + "\"";
            }

            return Operation == UpdateOperation ? text + " using " + ApiVersion : text;
        }
    }

    public static string Timestamp(TimeProvider? clock) =>
        (clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads the entries of an object; entries with the same identity are merged, unreadable ones skipped.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject? obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj?["metadata"]?["managedFields"] is not JsonArray list)
        {
            return entries;
        }

        foreach (var node in list)
        {
            if (node is not JsonObject entry || Text(entry, "manager") is not { } manager || Text(entry, "operation") is not { } operation)
            {
                continue;
            }

            var fields = entry["fieldsV1"] is JsonObject trie ? FieldSet.FromFieldsV1(trie) : new FieldSet();
            var decoded = new ManagedFieldsEntry(manager, operation, Text(entry, "apiVersion"), Text(entry, "time"), Text(entry, "subresource"), fields);
            var same = entries.FindIndex(e => e.Identity == decoded.Identity);
            if (same < 0)
            {
                entries.Add(decoded);
            }
            else
            {
                entries[same] = entries[same] with { Fields = FieldSet.Union(entries[same].Fields, fields) };
            }
        }

        return entries;
    }

    /// <summary>
    /// Writes the entries in kube-apiserver's order (Apply before Update, then older first, then by manager, version and
    /// subresource) into <paramref name="obj"/>, or removes the field when there are none.
    /// </summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var sorted = entries
            .Where(e => !e.Fields.IsEmpty)
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => Seconds(e.Time))
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource ?? string.Empty, StringComparer.Ordinal)
            .ToList();
        if (sorted.Count == 0)
        {
            (obj["metadata"] as JsonObject)?.Remove("managedFields");
            return;
        }

        if (obj["metadata"] is not JsonObject metadata)
        {
            obj["metadata"] = metadata = new JsonObject();
        }

        var list = new JsonArray();
        foreach (var entry in sorted)
        {
            var written = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
            };
            if (entry.ApiVersion is not null)
            {
                written["apiVersion"] = entry.ApiVersion;
            }

            if (entry.Time is not null)
            {
                written["time"] = entry.Time;
            }

            written["fieldsType"] = "FieldsV1";
            written["fieldsV1"] = entry.Fields.ToFieldsV1();
            if (!string.IsNullOrEmpty(entry.Subresource))
            {
                written["subresource"] = entry.Subresource;
            }

            list.Add(written);
        }

        metadata["managedFields"] = list;
    }

    /// <summary>A deep copy of the object without <c>metadata.managedFields</c>, the form the walks compare.</summary>
    public static JsonObject WithoutManagedFields(JsonObject obj)
    {
        // Copied member by member so that the managed fields, often the largest part of the metadata, are never copied.
        var copy = new JsonObject();
        foreach (var (name, value) in obj)
        {
            if (name == "metadata" && value is JsonObject metadata)
            {
                var meta = new JsonObject();
                foreach (var (field, member) in metadata)
                {
                    if (field != "managedFields")
                    {
                        meta[field] = member?.DeepClone();
                    }
                }

                copy[name] = meta;
            }
            else
            {
                copy[name] = value?.DeepClone();
            }
        }

        return copy;
    }

    private static long Seconds(string? time) =>
        DateTimeOffset.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed.ToUnixTimeSeconds() : 0;

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
