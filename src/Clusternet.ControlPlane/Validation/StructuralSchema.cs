using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// A <see cref="V1JSONSchemaProps"/> read once into the shape validation, pruning and defaulting walk: loosely typed
/// members resolved, enum and default values as JSON, patterns compiled, unsupported formats dropped.
/// Compiled trees are cached per schema instance, so validating many objects against one CRD costs one compile.
/// </summary>
internal sealed class StructuralSchema
{
    private static readonly ConditionalWeakTable<V1JSONSchemaProps, StructuralSchema> Cache = new();

    /// <summary>
    /// The string formats kube-apiserver validates in custom resources (names without dashes, as it normalises them).
    /// It clears every other format before validating, so e.g. <c>int32</c>, <c>int64</c> and <c>double</c> are not checked.
    /// </summary>
    private static readonly HashSet<string> SupportedFormats = new(StringComparer.Ordinal)
    {
        "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5",
        "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password", "date", "duration",
        "datetime",
    };

    private static readonly string[] IntOrStringTypes = ["integer", "string"];

    private StructuralSchema(V1JSONSchemaProps source)
    {
        Source = source;
        if (source.XKubernetesIntOrString == true)
        {
            Types = IntOrStringTypes;
        }
        else if (!string.IsNullOrEmpty(source.Type))
        {
            Types = [source.Type];
        }
        else
        {
            Types = [];
        }

        TypeList = string.Join(",", Types);
        Nullable = source.Nullable == true;
        if (!string.IsNullOrEmpty(source.Format))
        {
            var normalized = source.Format.Replace("-", string.Empty, StringComparison.Ordinal);
            if (SupportedFormats.Contains(normalized))
            {
                Format = source.Format;
                NormalizedFormat = normalized;
            }
        }

        Required = source.Required is { Count: > 0 } required ? [.. required] : [];
        Enum = source.EnumProperty is { Count: > 0 } values ? [.. values.Select(SchemaLiteral.ToNode)] : null;
        Default = SchemaLiteral.ToNode(source.DefaultProperty);
        HasDefault = source.DefaultProperty is not null && Default is not null;
        Pattern = string.IsNullOrEmpty(source.Pattern) ? null : EcmaPattern.Get(source.Pattern);
        PreserveUnknownFields = source.XKubernetesPreserveUnknownFields == true;
        EmbeddedResource = source.XKubernetesEmbeddedResource == true;
        ListType = source.XKubernetesListType;
        ListMapKeys = source.XKubernetesListMapKeys is { Count: > 0 } keys ? [.. keys] : [];
    }

    public V1JSONSchemaProps Source { get; }

    public string[] Types { get; }

    /// <summary>The types as kube-openapi names them in messages: <c>integer,string</c> for int-or-string.</summary>
    public string TypeList { get; }

    public bool Nullable { get; }

    /// <summary>The format as written in the schema, or null when kube-apiserver would ignore it.</summary>
    public string? Format { get; }

    public string? NormalizedFormat { get; }

    public string[] Required { get; }

    public JsonNode?[]? Enum { get; }

    public JsonNode? Default { get; }

    public bool HasDefault { get; }

    public EcmaPattern? Pattern { get; }

    public bool PreserveUnknownFields { get; }

    public bool EmbeddedResource { get; }

    public string? ListType { get; }

    public string[] ListMapKeys { get; }

    public long? MinLength => Source.MinLength;

    public long? MaxLength => Source.MaxLength;

    public long? MinItems => Source.MinItems;

    public long? MaxItems => Source.MaxItems;

    public long? MinProperties => Source.MinProperties;

    public long? MaxProperties => Source.MaxProperties;

    public double? Minimum => Source.Minimum;

    public double? Maximum => Source.Maximum;

    public bool ExclusiveMinimum => Source.ExclusiveMinimum == true;

    public bool ExclusiveMaximum => Source.ExclusiveMaximum == true;

    public double? MultipleOf => Source.MultipleOf;

    public bool UniqueItems => Source.UniqueItems == true;

    /// <summary>The declared properties in schema order (controller-gen writes them sorted).</summary>
    public KeyValuePair<string, StructuralSchema>[] Properties { get; private set; } = [];

    public Dictionary<string, StructuralSchema>? PropertyLookup { get; private set; }

    public StructuralSchema? Items { get; private set; }

    /// <summary>The additionalProperties schema; null when absent or a boolean.</summary>
    public StructuralSchema? AdditionalProperties { get; private set; }

    /// <summary>True when additionalProperties is present at all (a schema or a boolean).</summary>
    public bool HasAdditionalProperties { get; private set; }

    /// <summary>False only for <c>additionalProperties: false</c>.</summary>
    public bool AdditionalPropertiesAllowed { get; private set; } = true;

    public StructuralSchema[] AnyOf { get; private set; } = [];

    public StructuralSchema[] AllOf { get; private set; } = [];

    public StructuralSchema[] OneOf { get; private set; } = [];

    public StructuralSchema? Not { get; private set; }

    public bool HasTypeCheck => Types.Length > 0 || Format is not null;

    public StructuralSchema? Property(string name) =>
        PropertyLookup is not null && PropertyLookup.TryGetValue(name, out var schema) ? schema : null;

    public static StructuralSchema For(V1JSONSchemaProps schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Cache.GetValue(schema, static s => Compile(s));
    }

    private static StructuralSchema Compile(V1JSONSchemaProps source)
    {
        var compiled = new StructuralSchema(source);
        if (source.Properties is { Count: > 0 } properties)
        {
            compiled.Properties = [.. properties.Select(p => new KeyValuePair<string, StructuralSchema>(p.Key, For(p.Value)))];
            compiled.PropertyLookup = new Dictionary<string, StructuralSchema>(compiled.Properties, StringComparer.Ordinal);
        }

        if (SchemaLiteral.ToSchema(source.Items, out _) is { } items)
        {
            compiled.Items = For(items);
        }

        if (source.AdditionalProperties is not null)
        {
            compiled.HasAdditionalProperties = true;
            var additional = SchemaLiteral.ToSchema(source.AdditionalProperties, out var allows);
            compiled.AdditionalPropertiesAllowed = additional is not null || allows;
            compiled.AdditionalProperties = additional is null ? null : For(additional);
        }

        compiled.AnyOf = source.AnyOf is { Count: > 0 } anyOf ? [.. anyOf.Select(For)] : [];
        compiled.AllOf = source.AllOf is { Count: > 0 } allOf ? [.. allOf.Select(For)] : [];
        compiled.OneOf = source.OneOf is { Count: > 0 } oneOf ? [.. oneOf.Select(For)] : [];
        compiled.Not = source.Not is null ? null : For(source.Not);
        return compiled;
    }
}
