using System.Globalization;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// The <c>x-kubernetes-list-type</c> invariants kube-apiserver checks after the schema: a <c>set</c> holds no value
/// twice, a <c>map</c> holds objects whose <c>x-kubernetes-list-map-keys</c> values are unique.
/// </summary>
/// <remarks>
/// Each repeated value is reported once, at the index of its second appearance, as <c>Duplicate value</c>. For a map
/// the bad value is the key object (<c>{"name":"a"}</c>; <c>{}</c> when the key is missing). Scalars compare with
/// their decoded Go type, so <c>1</c> and <c>1.0</c> differ in a set, as they do upstream; compounds compare as
/// canonical JSON. That the keys are present is the schema's job: kube-apiserver only accepts list-map CRDs whose
/// keys are required or defaulted.
/// </remarks>
internal sealed class ListTypeWalk(FieldPathStack path)
{
    public void Validate(StructuralSchema schema, JsonNode? data, List<FieldError> errors)
    {
        switch (data)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (schema.AdditionalProperties is { } additional)
                    {
                        path.PushKey(key);
                        Validate(additional, value, errors);
                        path.Pop();
                    }

                    if (schema.Property(key) is { } property)
                    {
                        path.PushProperty(key);
                        Validate(property, value, errors);
                        path.Pop();
                    }
                }

                break;
            case JsonArray array:
                if (schema.ListType == "set")
                {
                    ReportDuplicates(array, static item => item, errors);
                }
                else if (schema.ListType == "map")
                {
                    ValidateMap(schema, array, errors);
                }

                if (schema.Items is { } items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        path.PushIndex(i);
                        Validate(items, array[i], errors);
                        path.Pop();
                    }
                }

                break;
        }
    }

    private void ValidateMap(StructuralSchema schema, JsonArray array, List<FieldError> errors)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not null and not JsonObject)
            {
                path.PushIndex(i);
                errors.Add(new FieldError(FieldErrorType.Invalid, path.FieldPath(), array[i]!.DeepClone(), "must be an object for an array of list-type map"));
                path.Pop();
                return;
            }
        }

        if (array.Count <= 1)
        {
            return;
        }

        ReportDuplicates(array, item => KeyOf(schema.ListMapKeys, item as JsonObject), errors);
    }

    private static JsonObject KeyOf(string[] keyFields, JsonObject? item)
    {
        var key = new JsonObject();
        if (item is null)
        {
            return key;
        }

        foreach (var field in keyFields)
        {
            if (item.TryGetPropertyValue(field, out var value))
            {
                key[field] = value?.DeepClone();
            }
        }

        return key;
    }

    private void ReportDuplicates(JsonArray array, Func<JsonNode?, JsonNode?> identity, List<FieldError> errors)
    {
        if (array.Count <= 1)
        {
            return;
        }

        var seen = new Dictionary<string, int>(array.Count, StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var value = identity(array[i]);
            var text = IdentityText(value);
            seen.TryGetValue(text, out var times);
            seen[text] = times + 1;
            if (times == 1)
            {
                path.PushIndex(i);
                errors.Add(new FieldError(FieldErrorType.Duplicate, path.FieldPath(), value?.DeepClone(), string.Empty));
                path.Pop();
            }
        }
    }

    // Scalars keep their decoded Go type in the identity (int64 1 is not float64 1); compounds are canonical JSON.
    private static string IdentityText(JsonNode? value) => JsonData.KindOf(value) switch
    {
        JsonDataKind.Integer => "i" + JsonData.ReadNumber(value!).Integer.ToString(CultureInfo.InvariantCulture),
        JsonDataKind.Number => "f" + JsonData.ReadNumber(value!).Float.ToString("R", CultureInfo.InvariantCulture),
        JsonDataKind.String => "s" + value!.GetValue<string>(),
        _ => "j" + JsonData.CanonicalJson(value),
    };
}
