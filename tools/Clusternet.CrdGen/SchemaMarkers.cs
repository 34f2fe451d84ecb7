using System.Reflection;
using Clusternet.Apis.Schema;

namespace Clusternet.CrdGen;

/// <summary>
/// The validation and merge markers of one property, whichever way they were declared: read from
/// the attributes in <c>Clusternet.Apis.Schema</c> on our models, or taken from
/// <see cref="KubernetesTypeMarkers"/> for KubernetesClient's types, which carry none.
/// </summary>
public sealed record SchemaMarkers
{
    /// <summary>No markers.</summary>
    public static SchemaMarkers None { get; } = new();

    /// <summary>The property is in its parent's <c>required</c> list.</summary>
    public bool Required { get; init; }

    /// <summary><c>pattern</c>.</summary>
    public string? Pattern { get; init; }

    /// <summary>Minimum string length, item count or property count, by the schema's type.</summary>
    public long? MinLength { get; init; }

    /// <summary>Maximum string length, item count or property count, by the schema's type.</summary>
    public long? MaxLength { get; init; }

    /// <summary><c>minimum</c>.</summary>
    public double? Minimum { get; init; }

    /// <summary><c>maximum</c>.</summary>
    public double? Maximum { get; init; }

    /// <summary><c>enum</c>.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary><c>default</c>, as a JSON literal.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>Replaces the inferred <c>format</c>; empty removes it.</summary>
    public string? Format { get; init; }

    /// <summary>Replaces the inferred <c>type</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>.</summary>
    public bool PreserveUnknownFields { get; init; }

    /// <summary><c>nullable</c>.</summary>
    public bool Nullable { get; init; }

    /// <summary><c>x-kubernetes-embedded-resource</c>.</summary>
    public bool EmbeddedResource { get; init; }

    /// <summary><c>x-kubernetes-list-type</c>.</summary>
    public string? ListType { get; init; }

    /// <summary><c>x-kubernetes-list-map-keys</c>.</summary>
    public IReadOnlyList<string>? ListMapKeys { get; init; }

    /// <summary><c>x-kubernetes-map-type</c>.</summary>
    public string? MapType { get; init; }

    /// <summary><c>x-kubernetes-validations</c>, as (rule, message) pairs.</summary>
    public IReadOnlyList<(string Rule, string Message)> Validations { get; init; } = [];

    /// <summary>Reads the <c>Clusternet.Apis.Schema</c> attributes on a model property.</summary>
    public static SchemaMarkers From(PropertyInfo property)
    {
        var length = property.GetCustomAttribute<LengthAttribute>();
        var range = property.GetCustomAttribute<RangeAttribute>();
        var list = property.GetCustomAttribute<ListTypeAttribute>();
        return new SchemaMarkers
        {
            Required = property.IsDefined(typeof(RequiredAttribute)),
            Pattern = property.GetCustomAttribute<PatternAttribute>()?.Pattern,
            MinLength = length is { Min: >= 0 } ? length.Min : null,
            MaxLength = length is { Max: >= 0 } ? length.Max : null,
            Minimum = range is not null && !double.IsNaN(range.Minimum) ? range.Minimum : null,
            Maximum = range is not null && !double.IsNaN(range.Maximum) ? range.Maximum : null,
            Enum = property.GetCustomAttribute<EnumAttribute>()?.Values,
            DefaultJson = property.GetCustomAttribute<DefaultAttribute>()?.Json,
            Format = property.GetCustomAttribute<FormatAttribute>()?.Format,
            Type = property.GetCustomAttribute<SchemaTypeAttribute>()?.Type,
            PreserveUnknownFields = property.IsDefined(typeof(PreserveUnknownFieldsAttribute)),
            Nullable = property.IsDefined(typeof(SchemaNullableAttribute)),
            EmbeddedResource = property.IsDefined(typeof(EmbeddedResourceAttribute)),
            ListType = list?.ListType,
            ListMapKeys = list is { MapKeys.Length: > 0 } ? list.MapKeys : null,
            MapType = property.GetCustomAttribute<MapTypeAttribute>()?.MapType,
            Validations = property.GetCustomAttributes<ValidationRuleAttribute>().Select(v => (v.Rule, v.Message)).ToArray(),
        };
    }
}

/// <summary>The markers a type carries on every use: <c>[MapType]</c>, <c>[PreserveUnknownFields]</c>, <c>[ValidationRule]</c>.</summary>
public sealed record TypeMarkers
{
    /// <summary>No markers.</summary>
    public static TypeMarkers None { get; } = new();

    /// <summary><c>x-kubernetes-map-type</c> (Go's <c>+structType=atomic</c> / <c>+mapType=atomic</c>).</summary>
    public string? MapType { get; init; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c>.</summary>
    public bool PreserveUnknownFields { get; init; }

    /// <summary><c>x-kubernetes-validations</c>, as (rule, message) pairs.</summary>
    public IReadOnlyList<(string Rule, string Message)> Validations { get; init; } = [];

    /// <summary>Reads the type-level <c>Clusternet.Apis.Schema</c> attributes of a model class.</summary>
    public static TypeMarkers From(Type type) => new()
    {
        MapType = type.GetCustomAttribute<MapTypeAttribute>(inherit: false)?.MapType,
        PreserveUnknownFields = type.IsDefined(typeof(PreserveUnknownFieldsAttribute), inherit: false),
        Validations = type.GetCustomAttributes<ValidationRuleAttribute>(inherit: false).Select(v => (v.Rule, v.Message)).ToArray(),
    };
}
