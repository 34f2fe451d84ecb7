namespace Clusternet.Apis.Schema;

// Property-level markers, one per controller-gen marker. The CRD generator (tools/Clusternet.CrdGen)
// reads them together with the property's CLR type, its [JsonPropertyName] and its XML doc summary
// (the OpenAPI description). Types alone decide type/format: string, integer (int32/int64),
// number, boolean, byte[] (string/byte), DateTime (string/date-time), IntOrString and
// ResourceQuantity (x-kubernetes-int-or-string), object (x-kubernetes-preserve-unknown-fields),
// IList<T> (array) and IDictionary<string,T> (additionalProperties).

/// <summary>The property is in its parent's <c>required</c> list (<c>+kubebuilder:validation:Required</c>).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class RequiredAttribute : Attribute;

/// <summary>The value must match an ECMA regular expression (<c>pattern</c>), unanchored as Kubernetes applies it.</summary>
/// <param name="pattern">The exact regular expression.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    /// <summary>The exact regular expression.</summary>
    public string Pattern { get; } = pattern;
}

/// <summary>
/// Bounds on a string's length (<c>minLength</c>/<c>maxLength</c>) or on a list's item count
/// (<c>minItems</c>/<c>maxItems</c>), chosen by the property's type. A negative value means no bound.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class LengthAttribute : Attribute
{
    /// <summary>Minimum length or item count; negative for none.</summary>
    public long Min { get; init; } = -1;

    /// <summary>Maximum length or item count; negative for none.</summary>
    public long Max { get; init; } = -1;
}

/// <summary>Numeric bounds (<c>minimum</c>/<c>maximum</c>). <see cref="double.NaN"/> means no bound.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class RangeAttribute : Attribute
{
    /// <summary>Inclusive minimum; NaN for none.</summary>
    public double Minimum { get; init; } = double.NaN;

    /// <summary>Inclusive maximum; NaN for none.</summary>
    public double Maximum { get; init; } = double.NaN;
}

/// <summary>
/// The value must be one of a fixed set (<c>enum</c>). The set is either listed, or read from the
/// public string constants of a constants class (such as <c>SchedulingStrategyType</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class EnumAttribute : Attribute
{
    /// <summary>Declares the enum from the public string constants of <paramref name="constants"/>, in declaration order.</summary>
    /// <param name="constants">A static class of <c>public const string</c> fields.</param>
    public EnumAttribute(Type constants)
    {
        Values = constants.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();
    }

    /// <summary>Declares the enum from explicit values.</summary>
    /// <param name="values">The allowed values, in order.</param>
    public EnumAttribute(params string[] values) => Values = values;

    /// <summary>The allowed values, in order.</summary>
    public IReadOnlyList<string> Values { get; }
}

/// <summary>The schema default, as a JSON literal: <c>"500"</c>, <c>"true"</c>, <c>"\"Replication\""</c> (<c>+kubebuilder:default</c>).</summary>
/// <param name="json">The default value written as JSON.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class DefaultAttribute(string json) : Attribute
{
    /// <summary>The default value written as JSON.</summary>
    public string Json { get; } = json;
}

/// <summary>Overrides the OpenAPI <c>format</c> the generator infers from the property's type (use <c>""</c> for none).</summary>
/// <param name="format">The format, such as <c>int64</c>, <c>byte</c> or <c>date-time</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class FormatAttribute(string format) : Attribute
{
    /// <summary>The format.</summary>
    public string Format { get; } = format;
}

/// <summary>Overrides the OpenAPI <c>type</c> the generator infers (for example <c>integer</c> on a <c>ulong</c>).</summary>
/// <param name="type">The OpenAPI type.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class SchemaTypeAttribute(string type) : Attribute
{
    /// <summary>The OpenAPI type.</summary>
    public string Type { get; } = type;
}

/// <summary>The object keeps fields its schema does not name (<c>x-kubernetes-preserve-unknown-fields: true</c>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, Inherited = true)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;

/// <summary>The value may be JSON <c>null</c> (<c>nullable: true</c>).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class SchemaNullableAttribute : Attribute;

/// <summary>The value is a whole Kubernetes object (<c>x-kubernetes-embedded-resource: true</c>).</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class EmbeddedResourceAttribute : Attribute;

/// <summary>How server-side apply merges a list (<c>x-kubernetes-list-type</c>, and <c>x-kubernetes-list-map-keys</c> for <c>map</c>).</summary>
/// <param name="listType"><c>atomic</c>, <c>set</c> or <c>map</c>.</param>
[AttributeUsage(AttributeTargets.Property, Inherited = true)]
public sealed class ListTypeAttribute(string listType) : Attribute
{
    /// <summary><c>atomic</c>, <c>set</c> or <c>map</c>.</summary>
    public string ListType { get; } = listType;

    /// <summary>The keys that identify an item of a <c>map</c> list.</summary>
    public string[] MapKeys { get; init; } = [];
}

/// <summary>How server-side apply merges an object or map (<c>x-kubernetes-map-type</c>: <c>atomic</c> or <c>granular</c>).</summary>
/// <param name="mapType"><c>atomic</c> or <c>granular</c>.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, Inherited = true)]
public sealed class MapTypeAttribute(string mapType) : Attribute
{
    /// <summary><c>atomic</c> or <c>granular</c>.</summary>
    public string MapType { get; } = mapType;
}
