using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Selectors;

/// <summary>
/// The field labels one resource can be selected by, and how each reads from an object. kube-apiserver keeps a
/// fixed list per built-in kind; every other resource, custom resources included, offers <c>metadata.name</c> and
/// <c>metadata.namespace</c>, plus a CRD version's <c>selectableFields</c>.
/// </summary>
public sealed class SelectableFields
{
    private static readonly string[] ObjectMetaFields = ["metadata.name", "metadata.namespace"];

    // Keyed by "group/resource" (the core group is empty). The lists are kube-apiserver's field label conversions;
    // nodes and namespaces are cluster-scoped and do not offer metadata.namespace there.
    private static readonly Dictionary<string, SelectableFields> BuiltIn = new(StringComparer.Ordinal)
    {
        ["/pods"] = new(
            [.. ObjectMetaFields, "spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
            new() { ["spec.host"] = "spec.nodeName" },
            new() { ["spec.hostNetwork"] = o => ReadPath(o, "spec.hostNetwork", "false") }),
        ["/events"] = new(
            [.. ObjectMetaFields, "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "source", "type"],
            readers: new()
            {
                // An event's source is the component that reported it, from the older source field when set.
                ["source"] = o => ReadPath(o, "source.component") is { Length: > 0 } component ? component : ReadPath(o, "reportingComponent"),
            }),
        ["/secrets"] = new([.. ObjectMetaFields, "type"]),
        ["/namespaces"] = new(["metadata.name", "status.phase"]),
        ["/nodes"] = new(
            ["metadata.name", "spec.unschedulable"],
            readers: new() { ["spec.unschedulable"] = o => ReadPath(o, "spec.unschedulable", "false") }),
        ["/replicationcontrollers"] = new(
            [.. ObjectMetaFields, "status.replicas"],
            readers: new() { ["status.replicas"] = o => ReadPath(o, "status.replicas", "0") }),
        ["/services"] = new([.. ObjectMetaFields, "spec.clusterIP", "spec.type"]),
        ["apps/replicasets"] = new(
            [.. ObjectMetaFields, "status.replicas"],
            readers: new() { ["status.replicas"] = o => ReadPath(o, "status.replicas", "0") }),
        ["batch/jobs"] = new(
            [.. ObjectMetaFields, "status.successful"],
            readers: new() { ["status.successful"] = o => ReadPath(o, "status.succeeded", "0") }),
        ["certificates.k8s.io/certificatesigningrequests"] = new([.. ObjectMetaFields, "spec.signerName"]),
    };

    private readonly HashSet<string> fields;
    private readonly Dictionary<string, string> aliases;
    private readonly Dictionary<string, Func<JsonObject, string>> readers;

    private SelectableFields(
        IEnumerable<string> fields,
        Dictionary<string, string>? aliases = null,
        Dictionary<string, Func<JsonObject, string>>? readers = null)
    {
        this.fields = new HashSet<string>(fields, StringComparer.Ordinal);
        this.aliases = aliases ?? [];
        this.readers = readers ?? [];
    }

    /// <summary>What every resource without a list of its own offers: <c>metadata.name</c> and <c>metadata.namespace</c>.</summary>
    public static SelectableFields ObjectMeta { get; } = new(ObjectMetaFields);

    /// <summary>The supported field labels.</summary>
    public IReadOnlyCollection<string> Fields => fields;

    /// <summary>The fields of a built-in resource, or <see cref="ObjectMeta"/> for any other.</summary>
    /// <param name="group">The API group; empty for the core group.</param>
    /// <param name="resource">The plural resource name, e.g. <c>pods</c>.</param>
    public static SelectableFields ForResource(string group, string resource) =>
        BuiltIn.TryGetValue(group + "/" + resource, out var known) ? known : ObjectMeta;

    /// <summary>
    /// The fields of a custom resource version: <c>metadata.name</c>, <c>metadata.namespace</c> and the CRD's
    /// <c>selectableFields[].jsonPath</c> entries (written <c>.spec.color</c>, selected as <c>spec.color</c>).
    /// </summary>
    /// <param name="jsonPaths">The <c>jsonPath</c> of each selectable field; null when the CRD declares none.</param>
    public static SelectableFields ForCustomResource(IEnumerable<string>? jsonPaths) =>
        jsonPaths is null ? ObjectMeta : new([.. ObjectMetaFields, .. jsonPaths.Select(p => p.TrimStart('.'))]);

    /// <summary>Whether <paramref name="field"/> (or an old alias of a supported field) can be selected on.</summary>
    /// <param name="field">The field label.</param>
    public bool Supports(string field) => Resolve(field) is not null;

    /// <summary>The field label <paramref name="field"/> stands for, or null when it is not supported.</summary>
    internal string? Resolve(string field) =>
        fields.Contains(field) ? field : aliases.TryGetValue(field, out var target) ? target : null;

    /// <summary>The text a selector compares for <paramref name="field"/> of <paramref name="obj"/>.</summary>
    internal string ValueOf(JsonObject obj, string field) =>
        readers.TryGetValue(field, out var reader) ? reader(obj) : ReadPath(obj, field);

    /// <summary>
    /// Reads a dotted path. Strings are themselves, booleans and numbers their JSON text (as Go formats them);
    /// a missing or null field, or an object or array, reads as <paramref name="missing"/>.
    /// </summary>
    internal static string ReadPath(JsonObject obj, string path, string missing = "")
    {
        JsonNode? node = obj;
        foreach (var segment in path.Split('.'))
        {
            if (node is not JsonObject current || !current.TryGetPropertyValue(segment, out node))
            {
                return missing;
            }
        }

        if (node is not JsonValue value)
        {
            return missing;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => value.ToJsonString(),
            _ => missing,
        };
    }
}
