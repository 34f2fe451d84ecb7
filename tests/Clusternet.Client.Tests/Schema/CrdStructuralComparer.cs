using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema;

/// <summary>
/// Compares two CustomResourceDefinitions for what the apiserver enforces and serves: group,
/// names, scope, versions, subresources, printer columns and the structural schema. Descriptions
/// are ignored. Every difference is returned with its JSON path, so one failure lists them all.
/// </summary>
internal sealed class CrdStructuralComparer
{
    // Schema keywords compared as sets: their order carries no meaning.
    private static readonly HashSet<string> SetKeywords = ["required"];

    // Keywords holding one sub-schema, or (anyOf and friends) a list of them.
    private static readonly HashSet<string> SchemaKeywords = ["items", "additionalProperties", "not"];
    private static readonly HashSet<string> SchemaListKeywords = ["anyOf", "allOf", "oneOf"];

    /// <summary>Every difference between <paramref name="expected"/> and <paramref name="actual"/>; empty when equivalent.</summary>
    public IReadOnlyList<string> Compare(V1CustomResourceDefinition expected, V1CustomResourceDefinition actual)
    {
        var differences = new List<string>();
        var e = ToJson(expected)["spec"]?.AsObject() ?? [];
        var a = ToJson(actual)["spec"]?.AsObject() ?? [];

        Value(differences, "spec.group", e["group"], a["group"]);
        Value(differences, "spec.scope", e["scope"], a["scope"]);
        Names(differences, e["names"]?.AsObject() ?? [], a["names"]?.AsObject() ?? []);
        Versions(differences, e["versions"]?.AsArray() ?? [], a["versions"]?.AsArray() ?? []);
        return differences;
    }

    /// <summary>Every difference between two schemas, with paths under <paramref name="path"/>.</summary>
    public IReadOnlyList<string> CompareSchemas(V1JSONSchemaProps expected, V1JSONSchemaProps actual, string path)
    {
        var differences = new List<string>();
        Schema(differences, path, ToJson(expected), ToJson(actual));
        return differences;
    }

    /// <summary>The wire form of a model, as the apiserver would receive it.</summary>
    public static JsonObject ToJson(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();

    private static void Names(List<string> differences, JsonObject e, JsonObject a)
    {
        Value(differences, "spec.names.kind", e["kind"], a["kind"]);
        Value(differences, "spec.names.plural", e["plural"], a["plural"]);

        // The apiserver defaults listKind to <kind>List and singular to the lower-cased kind
        // (upstream's hand-written MCS CRDs omit listKind), so a missing value means the default.
        Value(differences, "spec.names.listKind", e["listKind"] ?? Defaulted(e, k => k + "List"), a["listKind"] ?? Defaulted(a, k => k + "List"));
        Value(differences, "spec.names.singular", e["singular"] ?? Defaulted(e, k => k.ToLowerInvariant()), a["singular"] ?? Defaulted(a, k => k.ToLowerInvariant()));
        StringSet(differences, "spec.names.shortNames", e["shortNames"], a["shortNames"]);
        StringSet(differences, "spec.names.categories", e["categories"], a["categories"]);
    }

    private static JsonNode? Defaulted(JsonObject names, Func<string, string> rule) =>
        names["kind"]?.GetValue<string>() is { } kind ? JsonValue.Create(rule(kind)) : null;

    private static void Versions(List<string> differences, JsonArray e, JsonArray a)
    {
        var expectedByName = ByName(e);
        var actualByName = ByName(a);
        foreach (var (name, version) in expectedByName)
        {
            var path = $"spec.versions[{name}]";
            if (!actualByName.TryGetValue(name, out var other))
            {
                differences.Add($"{path}: expected the version, got nothing");
                continue;
            }

            Value(differences, path + ".served", version["served"], other["served"]);
            Value(differences, path + ".storage", version["storage"], other["storage"]);
            Value(differences, path + ".subresources", version["subresources"], other["subresources"]);
            Columns(differences, path + ".additionalPrinterColumns", version["additionalPrinterColumns"]?.AsArray() ?? [], other["additionalPrinterColumns"]?.AsArray() ?? []);
            Schema(
                differences,
                path + ".schema.openAPIV3Schema",
                version["schema"]?["openAPIV3Schema"]?.AsObject(),
                other["schema"]?["openAPIV3Schema"]?.AsObject());
        }

        foreach (var name in actualByName.Keys.Where(n => !expectedByName.ContainsKey(n)))
        {
            differences.Add($"spec.versions[{name}]: expected nothing, got the version");
        }
    }

    private static SortedDictionary<string, JsonObject> ByName(JsonArray versions) =>
        new(versions.OfType<JsonObject>().ToDictionary(v => v["name"]?.GetValue<string>() ?? "", v => v), StringComparer.Ordinal);

    private static void Columns(List<string> differences, string path, JsonArray e, JsonArray a)
    {
        if (e.Count != a.Count)
        {
            differences.Add($"{path}: expected {e.Count} columns {ColumnNames(e)}, got {a.Count} {ColumnNames(a)}");
            return;
        }

        for (var i = 0; i < e.Count; i++)
        {
            var column = $"{path}[{i}]";
            foreach (var key in new[] { "name", "type", "jsonPath", "format" })
            {
                Value(differences, $"{column}.{key}", e[i]?[key], a[i]?[key]);
            }

            // Priority 0 is the default the apiserver applies.
            Value(differences, column + ".priority", e[i]?["priority"] ?? 0, a[i]?["priority"] ?? 0);
        }
    }

    private static string ColumnNames(JsonArray columns) =>
        "[" + string.Join(", ", columns.Select(c => c?["name"]?.GetValue<string>())) + "]";

    private static void Schema(List<string> differences, string path, JsonObject? e, JsonObject? a)
    {
        if (e is null || a is null)
        {
            Value(differences, path, e, a);
            return;
        }

        var keys = e.Select(p => p.Key).Union(a.Select(p => p.Key)).Where(k => k != "description").Order(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var keyPath = $"{path}.{key}";
            var ev = e[key];
            var av = a[key];
            if (key == "properties" && ev is JsonObject ep && av is JsonObject ap)
            {
                Properties(differences, keyPath, ep, ap);
            }
            else if (SchemaKeywords.Contains(key) && ev is JsonObject es && av is JsonObject @as)
            {
                Schema(differences, keyPath, es, @as);
            }
            else if (SchemaListKeywords.Contains(key) && ev is JsonArray el && av is JsonArray al && el.Count == al.Count)
            {
                for (var i = 0; i < el.Count; i++)
                {
                    Schema(differences, $"{keyPath}[{i}]", el[i] as JsonObject, al[i] as JsonObject);
                }
            }
            else if (SetKeywords.Contains(key))
            {
                StringSet(differences, keyPath, ev, av);
            }
            else
            {
                Value(differences, keyPath, ev, av);
            }
        }
    }

    private static void Properties(List<string> differences, string path, JsonObject e, JsonObject a)
    {
        foreach (var (name, schema) in e.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (a.ContainsKey(name))
            {
                Schema(differences, $"{path}.{name}", schema as JsonObject, a[name] as JsonObject);
            }
            else
            {
                differences.Add($"{path}.{name}: expected the property, got nothing");
            }
        }

        foreach (var name in a.Select(p => p.Key).Where(n => !e.ContainsKey(n)).Order(StringComparer.Ordinal))
        {
            differences.Add($"{path}.{name}: expected nothing, got the property");
        }
    }

    private static void StringSet(List<string> differences, string path, JsonNode? e, JsonNode? a)
    {
        var expected = Strings(e);
        var actual = Strings(a);
        if (!expected.SetEquals(actual))
        {
            differences.Add($"{path}: expected {Show(e)}, got {Show(a)}");
        }
    }

    private static HashSet<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n?.ToJsonString() ?? "null")] : [];

    private static void Value(List<string> differences, string path, JsonNode? e, JsonNode? a)
    {
        if (!JsonEquals(e, a))
        {
            differences.Add($"{path}: expected {Show(e)}, got {Show(a)}");
        }
    }

    // Patterns read better unescaped: "[0-9]+", not "[0-9]\u002B".
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Show(JsonNode? node) => node is null ? "nothing" : WithoutDescriptions(node).ToJsonString(Readable);

    private static JsonNode WithoutDescriptions(JsonNode node)
    {
        var copy = node.DeepClone();
        Strip(copy);
        return copy;

        static void Strip(JsonNode? n)
        {
            switch (n)
            {
                case JsonObject o:
                    o.Remove("description");
                    foreach (var (_, child) in o)
                    {
                        Strip(child);
                    }

                    break;
                case JsonArray arr:
                    foreach (var child in arr)
                    {
                        Strip(child);
                    }

                    break;
            }
        }
    }

    /// <summary>JSON equality where numbers compare by value (<c>500</c> equals <c>500.0</c>) and descriptions are ignored.</summary>
    public static bool JsonEquals(JsonNode? e, JsonNode? a)
    {
        switch (e, a)
        {
            case (null, null):
                return true;
            case (JsonObject eo, JsonObject ao):
                var ek = eo.Select(p => p.Key).Where(k => k != "description").ToHashSet();
                var ak = ao.Select(p => p.Key).Where(k => k != "description").ToHashSet();
                return ek.SetEquals(ak) && ek.All(k => JsonEquals(eo[k], ao[k]));
            case (JsonArray ea, JsonArray aa):
                return ea.Count == aa.Count && ea.Zip(aa).All(p => JsonEquals(p.First, p.Second));
            case (JsonValue ev, JsonValue av):
                var kind = ev.GetValueKind();
                if (kind != av.GetValueKind())
                {
                    return false;
                }

                return kind == JsonValueKind.Number
                    ? double.Parse(ev.ToJsonString(), CultureInfo.InvariantCulture) == double.Parse(av.ToJsonString(), CultureInfo.InvariantCulture)
                    : ev.ToJsonString() == av.ToJsonString();
            default:
                return false;
        }
    }
}
