using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Clusternet.CrdGen;

/// <summary>
/// Builds the structural OpenAPI v3 schema of a CLR type by reflection, the way controller-gen
/// builds it from a Go type: JSON names from <see cref="JsonPropertyNameAttribute"/>, inherited
/// properties flattened (inheritance stands for Go's inline embedding), type and format from the
/// CLR type, markers from <see cref="SchemaMarkers"/>, descriptions from the XML documentation.
/// </summary>
public sealed class OpenApiSchemaBuilder
{
    /// <summary>The pattern the apiserver's own OpenAPI gives <c>resource.Quantity</c>.</summary>
    public const string QuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    private readonly DocumentationComments _docs;
    private readonly HashSet<Type> _inProgress = [];

    /// <summary>Creates a builder that reads descriptions from <paramref name="docs"/>.</summary>
    public OpenApiSchemaBuilder(DocumentationComments docs) => _docs = docs;

    /// <summary>The schema of an object type: its properties, required list, type-level markers and description.</summary>
    public V1JSONSchemaProps ForObject(Type type)
    {
        if (!_inProgress.Add(type))
        {
            // A structural schema cannot refer to itself; controller-gen refuses recursive types too.
            throw new NotSupportedException($"{type.FullName} contains itself; a CRD schema cannot be recursive.");
        }

        try
        {
            var schema = new V1JSONSchemaProps { Type = "object", Description = _docs.Summary(type) };
            var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
            var required = new SortedSet<string>(StringComparer.Ordinal);
            var kubernetes = KubernetesTypeMarkers.IsKubernetesModel(type);
            foreach (var (name, property) in JsonProperties(type))
            {
                var markers = kubernetes ? KubernetesTypeMarkers.ForProperty(type, name) : SchemaMarkers.From(property);
                properties[name] = ForProperty(property, markers);
                if (markers.Required)
                {
                    required.Add(name);
                }
            }

            if (properties.Count > 0)
            {
                schema.Properties = new Dictionary<string, V1JSONSchemaProps>(properties, StringComparer.Ordinal);
            }

            // controller-gen sorts required names, whatever the field order in Go (see Condition's).
            if (required.Count > 0)
            {
                schema.Required = [.. required];
            }

            Apply(schema, kubernetes ? KubernetesTypeMarkers.ForType(type) : TypeMarkers.From(type));
            return schema;
        }
        finally
        {
            _inProgress.Remove(type);
        }
    }

    /// <summary>The properties KubernetesJson reads and writes, by JSON name; a derived declaration hides its base's.</summary>
    private static IEnumerable<(string Name, PropertyInfo Property)> JsonProperties(Type type)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = type; current is not null && current != typeof(object); current = current.BaseType)
        {
            var declared = current.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly);
            foreach (var property in declared.OrderBy(p => p.MetadataToken))
            {
                if (property.GetIndexParameters().Length > 0 || property.GetMethod is null || property.IsDefined(typeof(JsonIgnoreAttribute)))
                {
                    continue;
                }

                // Without [JsonPropertyName], KubernetesJson's camel-case policy names the property.
                var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                    ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                if (seen.Add(name) && seen.Add("\0" + property.Name))
                {
                    yield return (name, property);
                }
            }
        }
    }

    private V1JSONSchemaProps ForProperty(PropertyInfo property, SchemaMarkers markers)
    {
        var clrType = property.PropertyType;
        V1JSONSchemaProps schema;
        if (markers.Type is not null && !IsMapped(clrType))
        {
            schema = new V1JSONSchemaProps();
        }
        else
        {
            schema = ForType(clrType, property);
        }

        // The object metadata of a kind is validated by the apiserver itself: controller-gen emits only its type.
        if (!IsObjectMeta(clrType))
        {
            schema.Description = _docs.Summary(property) ?? schema.Description;
        }

        Apply(schema, markers);
        return schema;
    }

    /// <summary>The schema a CLR type gives a value, before any property marker.</summary>
    public V1JSONSchemaProps ForType(Type clrType, PropertyInfo? usedBy = null)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        if (Scalar(type) is { } scalar)
        {
            return scalar;
        }

        if (type == typeof(IntOrString))
        {
            return IntOrStringSchema();
        }

        if (type == typeof(ResourceQuantity))
        {
            var quantity = IntOrStringSchema();
            quantity.Pattern = QuantityPattern;
            return quantity;
        }

        if (type == typeof(object) || type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type))
        {
            return new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (IsObjectMeta(type))
        {
            return new V1JSONSchemaProps { Type = "object" };
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(valueType, usedBy) };
        }

        if (ListItemType(type) is { } itemType)
        {
            return new V1JSONSchemaProps { Type = "array", Items = ForType(itemType, usedBy) };
        }

        if (type.IsClass && !type.IsAbstract && type != typeof(string))
        {
            return ForObject(type);
        }

        var where = usedBy is null ? "" : $" (property {usedBy.DeclaringType?.FullName}.{usedBy.Name})";
        throw new NotSupportedException(
            $"{type.FullName}{where} has no OpenAPI mapping; use a type docs/models.md lists, or [SchemaType] for a custom scalar.");
    }

    private static V1JSONSchemaProps? Scalar(Type type) => type switch
    {
        _ when type == typeof(string) => new() { Type = "string" },
        _ when type == typeof(bool) => new() { Type = "boolean" },
        _ when type == typeof(int) || type == typeof(short) || type == typeof(ushort) || type == typeof(sbyte) || type == typeof(byte)
            => new() { Type = "integer", Format = "int32" },
        _ when type == typeof(long) || type == typeof(uint) || type == typeof(ulong) => new() { Type = "integer", Format = "int64" },
        // controller-gen gives Go's float32 and float64 no format (upstream's kubeQPS is a bare number).
        _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) => new() { Type = "number" },
        _ when type == typeof(byte[]) => new() { Type = "string", Format = "byte" },
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => new() { Type = "string", Format = "date-time" },
        _ => null,
    };

    private static bool IsMapped(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        return Scalar(type) is not null || type == typeof(IntOrString) || type == typeof(ResourceQuantity) || type == typeof(object)
            || DictionaryValueType(type) is not null || ListItemType(type) is not null || (type.IsClass && !type.IsAbstract);
    }

    private static V1JSONSchemaProps IntOrStringSchema() => new()
    {
        AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
        XKubernetesIntOrString = true,
    };

    private static bool IsObjectMeta(Type clrType)
    {
        var type = Nullable.GetUnderlyingType(clrType) ?? clrType;
        return type == typeof(V1ObjectMeta) || type == typeof(V1ListMeta);
    }

    private static Type? DictionaryValueType(Type type)
    {
        foreach (var candidate in type.GetInterfaces().Prepend(type))
        {
            if (candidate.IsGenericType
                && (candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)))
            {
                var arguments = candidate.GetGenericArguments();
                if (arguments[0] != typeof(string))
                {
                    throw new NotSupportedException($"{type} has keys of type {arguments[0]}; JSON object keys are strings.");
                }

                return arguments[1];
            }
        }

        return null;
    }

    private static Type? ListItemType(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.GetInterfaces().Prepend(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            ?.GetGenericArguments()[0];
    }

    private static void Apply(V1JSONSchemaProps schema, TypeMarkers markers)
    {
        schema.XKubernetesMapType = markers.MapType ?? schema.XKubernetesMapType;
        if (markers.PreserveUnknownFields)
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        AddValidations(schema, markers.Validations);
    }

    // Markers that only make sense on a value (pattern, enum, bounds, format, type) go to the
    // innermost element of a list or map, as controller-gen's items: markers would; merge and
    // shape markers (list/map type, count bounds, default, nullable) stay on the property's own schema.
    private static void Apply(V1JSONSchemaProps schema, SchemaMarkers markers)
    {
        var value = ElementOf(schema);

        if (markers.Type is not null)
        {
            value.Type = markers.Type;
        }

        if (markers.Format is not null)
        {
            value.Format = markers.Format.Length == 0 ? null : markers.Format;
        }

        value.Pattern = markers.Pattern ?? value.Pattern;
        value.Minimum = markers.Minimum ?? value.Minimum;
        value.Maximum = markers.Maximum ?? value.Maximum;
        if (markers.Enum is { } values)
        {
            value.EnumProperty = [.. values];
        }

        // Length bounds: items of a list, properties of a map, characters of a string.
        switch (schema.Type)
        {
            case "array":
                schema.MinItems = markers.MinLength ?? schema.MinItems;
                schema.MaxItems = markers.MaxLength ?? schema.MaxItems;
                break;
            case "object" when schema.AdditionalProperties is not null:
                schema.MinProperties = markers.MinLength ?? schema.MinProperties;
                schema.MaxProperties = markers.MaxLength ?? schema.MaxProperties;
                break;
            default:
                value.MinLength = markers.MinLength ?? value.MinLength;
                value.MaxLength = markers.MaxLength ?? value.MaxLength;
                break;
        }

        if (markers.DefaultJson is { } json)
        {
            schema.DefaultProperty = JsonDocument.Parse(json).RootElement.Clone();
        }

        if (markers.PreserveUnknownFields)
        {
            schema.XKubernetesPreserveUnknownFields = true;
        }

        if (markers.Nullable)
        {
            schema.Nullable = true;
        }

        if (markers.EmbeddedResource)
        {
            schema.XKubernetesEmbeddedResource = true;
        }

        schema.XKubernetesListType = markers.ListType ?? schema.XKubernetesListType;
        if (markers.ListMapKeys is { } keys)
        {
            schema.XKubernetesListMapKeys = [.. keys];
        }

        schema.XKubernetesMapType = markers.MapType ?? schema.XKubernetesMapType;
        AddValidations(schema, markers.Validations);
    }

    private static V1JSONSchemaProps ElementOf(V1JSONSchemaProps schema)
    {
        while (true)
        {
            if (schema.Type == "array" && schema.Items is V1JSONSchemaProps items)
            {
                schema = items;
            }
            else if (schema.Type == "object" && schema.AdditionalProperties is V1JSONSchemaProps values)
            {
                schema = values;
            }
            else
            {
                return schema;
            }
        }
    }

    private static void AddValidations(V1JSONSchemaProps schema, IReadOnlyList<(string Rule, string Message)> validations)
    {
        if (validations.Count == 0)
        {
            return;
        }

        schema.XKubernetesValidations ??= [];
        foreach (var (rule, message) in validations)
        {
            schema.XKubernetesValidations.Add(new V1ValidationRule { Rule = rule, Message = message });
        }
    }
}
