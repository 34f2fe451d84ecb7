using System.Globalization;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// The schema checks kube-apiserver runs on a custom resource (kube-openapi's validator), with the errors translated
/// the way apiextensions-apiserver turns them into field errors.
/// </summary>
/// <remarks>
/// Per value the checks run in kube-openapi's order: type, anyOf/oneOf/allOf/not, string, format, number, array,
/// enum, object. A failed type check does not stop the others; each applies only to values of its kind. The returned
/// count mirrors kube-openapi's "match count", which picks the closest failing anyOf/oneOf branch to report.
/// </remarks>
internal sealed class OpenApiSchemaWalk(FieldPathStack path)
{
    private const double MaxJsonInteger = 9007199254740992d; // 2^53: larger floats are not JSON integers to kube-openapi

    public int Validate(StructuralSchema schema, JsonNode? data, List<FieldError> errors)
    {
        var count = 0;
        if (data is null)
        {
            if (schema.Types.Length > 0 && !schema.Nullable)
            {
                var name = path.OpenApiName();
                errors.Add(new FieldError(FieldErrorType.TypeInvalid, FieldPathStack.FieldOf(name), "null",
                    $"{name} in body must be of type {schema.TypeList}: \"null\""));
            }

            CheckEnum(schema, data, errors);
            return 1;
        }

        var kind = JsonData.KindOf(data);
        if (schema.HasTypeCheck)
        {
            count++;
            CheckType(schema, data, kind, errors);
        }

        count++;
        count += CheckCombinators(schema, data, errors);

        if (kind == JsonDataKind.String)
        {
            count++;
            CheckString(schema, data.GetValue<string>(), data, errors);
            if (schema.NormalizedFormat is not null)
            {
                count++;
                var text = data.GetValue<string>();
                if (!StringFormats.IsValid(schema.NormalizedFormat, text))
                {
                    var name = path.OpenApiName();
                    errors.Add(new FieldError(FieldErrorType.TypeInvalid, FieldPathStack.FieldOf(name), data.DeepClone(),
                        $"{name} in body must be of type {schema.Format}: {GoValueFormat.Quote(text)}"));
                }
            }
        }
        else if (kind is JsonDataKind.Integer or JsonDataKind.Number)
        {
            count++;
            CheckNumber(schema, JsonData.ReadNumber(data), data, errors);
        }
        else if (kind == JsonDataKind.Array)
        {
            count++;
            count += CheckArray(schema, (JsonArray)data, errors);
        }

        count++;
        CheckEnum(schema, data, errors);

        if (kind == JsonDataKind.Object)
        {
            count++;
            count += CheckObject(schema, (JsonObject)data, errors);
        }

        return count + 1;
    }

    private void CheckType(StructuralSchema schema, JsonNode data, JsonDataKind kind, List<FieldError> errors)
    {
        var actual = JsonData.TypeName(kind);
        var number = kind == JsonDataKind.Number ? JsonData.ReadNumber(data).Float : 0;
        var floatIsInteger = kind == JsonDataKind.Number && IsJsonInteger(number) && Contains(schema.Types, "integer");
        var integerIsNumber = kind == JsonDataKind.Integer && Contains(schema.Types, "number");

        if (schema.Format is not null && kind is not JsonDataKind.String and not JsonDataKind.Array
            && !(Contains(schema.Types, actual) || floatIsInteger || integerIsNumber))
        {
            // A string format on a non-string: kube-openapi names the Go type it decoded instead.
            var goFormat = kind switch { JsonDataKind.Integer => "int64", JsonDataKind.Number => "float64", _ => string.Empty };
            var name = path.OpenApiName();
            errors.Add(new FieldError(FieldErrorType.TypeInvalid, FieldPathStack.FieldOf(name), goFormat,
                $"{name} in body must be of type {schema.Format}: {GoValueFormat.Quote(goFormat)}"));
            return;
        }

        if (schema.Format is not null && !Contains(schema.Types, "number") && !Contains(schema.Types, "integer")
            && kind is JsonDataKind.String or JsonDataKind.Array)
        {
            return;
        }

        if (!(Contains(schema.Types, actual) || floatIsInteger || integerIsNumber))
        {
            var name = path.OpenApiName();
            errors.Add(new FieldError(FieldErrorType.TypeInvalid, FieldPathStack.FieldOf(name), actual,
                $"{name} in body must be of type {schema.TypeList}: \"{actual}\""));
        }
    }

    private int CheckCombinators(StructuralSchema schema, JsonNode data, List<FieldError> errors)
    {
        if (schema.AnyOf.Length == 0 && schema.OneOf.Length == 0 && schema.AllOf.Length == 0 && schema.Not is null)
        {
            return 0;
        }

        var count = 0;
        if (schema.AnyOf.Length > 0)
        {
            List<FieldError>? best = null;
            var bestCount = -1;
            var succeeded = false;
            foreach (var branch in schema.AnyOf)
            {
                var branchErrors = new List<FieldError>();
                var branchCount = Validate(branch, data, branchErrors);
                if (branchErrors.Count == 0)
                {
                    succeeded = true;
                    best = null;
                    count += branchCount;
                    break;
                }

                if (best is null || branchCount > bestCount)
                {
                    best = branchErrors;
                    bestCount = branchCount;
                }
            }

            if (!succeeded)
            {
                errors.Add(Unplaced($"{GoValueFormat.Quote(path.OpenApiName())} must validate at least one schema (anyOf)"));
            }

            if (best is not null)
            {
                errors.AddRange(best);
                count += bestCount;
            }
        }

        if (schema.OneOf.Length > 0)
        {
            List<FieldError>? best = null;
            var bestCount = -1;
            var valid = 0;
            var firstValidCount = 0;
            foreach (var branch in schema.OneOf)
            {
                var branchErrors = new List<FieldError>();
                var branchCount = Validate(branch, data, branchErrors);
                if (branchErrors.Count == 0)
                {
                    if (valid++ == 0)
                    {
                        firstValidCount = branchCount;
                    }

                    best = null;
                    continue;
                }

                if (valid == 0 && (best is null || branchCount > bestCount))
                {
                    best = branchErrors;
                    bestCount = branchCount;
                }
            }

            if (valid != 1)
            {
                var found = valid == 0 ? "Found none valid" : $"Found {valid} valid alternatives";
                errors.Add(Unplaced($"{GoValueFormat.Quote(path.OpenApiName())} must validate one and only one schema (oneOf). {found}"));
                if (best is not null)
                {
                    errors.AddRange(best);
                    count += bestCount;
                }
            }
            else
            {
                count += firstValidCount;
            }
        }

        if (schema.AllOf.Length > 0)
        {
            var valid = 0;
            foreach (var branch in schema.AllOf)
            {
                var before = errors.Count;
                count += Validate(branch, data, errors);
                if (errors.Count == before)
                {
                    valid++;
                }
            }

            if (valid != schema.AllOf.Length)
            {
                var none = valid == 0 ? ". None validated" : string.Empty;
                errors.Add(Unplaced($"{GoValueFormat.Quote(path.OpenApiName())} must validate all the schemas (allOf){none}"));
            }
        }

        if (schema.Not is not null)
        {
            var notErrors = new List<FieldError>();
            Validate(schema.Not, data, notErrors);
            if (notErrors.Count == 0)
            {
                errors.Add(Unplaced($"{GoValueFormat.Quote(path.OpenApiName())} must not validate the schema (not)"));
            }
        }

        return count;
    }

    private void CheckString(StructuralSchema schema, string text, JsonNode data, List<FieldError> errors)
    {
        // kube-openapi stops at the first failing string check: maxLength, then minLength, then pattern.
        if (schema.MaxLength is { } maxLength && CountRunes(text) > maxLength)
        {
            var bytes = maxLength == 1 ? "byte" : "bytes";
            errors.Add(new FieldError(FieldErrorType.TooLong, FieldPathStack.FieldOf(path.OpenApiName()), "<value omitted>",
                $"may not be more than {maxLength.ToString(CultureInfo.InvariantCulture)} {bytes}"));
            return;
        }

        if (schema.MinLength is { } minLength && CountRunes(text) < minLength)
        {
            var name = path.OpenApiName();
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), data.DeepClone(),
                $"{name} in body should be at least {minLength.ToString(CultureInfo.InvariantCulture)} chars long"));
            return;
        }

        if (schema.Pattern is { } pattern && (pattern.Error is not null || !pattern.IsMatch(text)))
        {
            var name = path.OpenApiName();
            var shown = pattern.Error is null ? pattern.Text : pattern.Text + ", but pattern is invalid: " + pattern.Error;
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), data.DeepClone(),
                $"{name} in body should match '{shown}'"));
        }
    }

    private void CheckNumber(StructuralSchema schema, JsonNumber number, JsonNode data, List<FieldError> errors)
    {
        var integerType = schema.Types.Length == 1 && schema.Types[0] == "integer";
        if (integerType && !number.IsInteger && !IsJsonInteger(number.Float))
        {
            // kube-openapi's range pre-check fails with a plain error, which kube-apiserver cannot place on a field.
            errors.Add(Unplaced($"Checked value must be of type integer (default format) in {path.OpenApiName()}"));
        }

        if (schema.MultipleOf is { } factor)
        {
            CheckMultipleOf(number, data, factor, native: !integerType || IsJsonInteger(factor), errors);
        }

        if (schema.Minimum is { } minimum)
        {
            var native = !integerType || IsJsonInteger(minimum);
            var exclusive = schema.ExclusiveMinimum;
            bool failed;
            string bound;
            if (native && number.IsInteger)
            {
                var limit = (long)minimum;
                failed = exclusive ? number.Integer <= limit : number.Integer < limit;
                bound = limit.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                failed = exclusive ? number.AsDouble <= minimum : number.AsDouble < minimum;
                bound = GoValueFormat.Float(minimum);
            }

            if (failed)
            {
                var name = path.OpenApiName();
                var relation = exclusive ? "greater than" : "greater than or equal to";
                errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), data.DeepClone(),
                    $"{name} in body should be {relation} {bound}"));
            }
        }

        if (schema.Maximum is { } maximum)
        {
            var native = !integerType || IsJsonInteger(maximum);
            var exclusive = schema.ExclusiveMaximum;
            bool failed;
            string bound;
            if (native && number.IsInteger)
            {
                var limit = (long)maximum;
                failed = exclusive ? number.Integer >= limit : number.Integer > limit;
                bound = limit.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                failed = exclusive ? number.AsDouble >= maximum : number.AsDouble > maximum;
                bound = GoValueFormat.Float(maximum);
            }

            if (failed)
            {
                var name = path.OpenApiName();
                var relation = exclusive ? "less than" : "less than or equal to";
                errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), data.DeepClone(),
                    $"{name} in body should be {relation} {bound}"));
            }
        }
    }

    private void CheckMultipleOf(JsonNumber number, JsonNode data, double factor, bool native, List<FieldError> errors)
    {
        if (native && number.IsInteger)
        {
            var divisor = (long)factor;
            if (divisor <= 0)
            {
                MustBePositive(JsonValue.Create(divisor), divisor.ToString(CultureInfo.InvariantCulture), errors);
            }
            else if (number.Integer % divisor != 0)
            {
                NotMultiple(data, divisor.ToString(CultureInfo.InvariantCulture), errors);
            }

            return;
        }

        if (factor <= 0)
        {
            MustBePositive(JsonValue.Create(factor), GoValueFormat.Float(factor), errors);
            return;
        }

        var value = number.AsDouble;
        var quotient = factor < 1 ? 1 / factor * value : value / factor;
        if (!IsJsonInteger(quotient))
        {
            NotMultiple(data, GoValueFormat.Float(factor), errors);
        }
    }

    private void MustBePositive(JsonNode factor, string shown, List<FieldError> errors)
    {
        var name = path.OpenApiName();
        errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), factor,
            $"factor MultipleOf declared for {name} must be positive: {shown}"));
    }

    private void NotMultiple(JsonNode data, string shown, List<FieldError> errors)
    {
        var name = path.OpenApiName();
        errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), data.DeepClone(),
            $"{name} in body should be a multiple of {shown}"));
    }

    private int CheckArray(StructuralSchema schema, JsonArray array, List<FieldError> errors)
    {
        var count = 0;
        if (schema.Items is { } items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                path.PushIndex(i);
                count += Validate(items, array[i], errors);
                path.Pop();
            }
        }

        if (schema.MinItems is { } minItems && array.Count < minItems)
        {
            var name = path.OpenApiName();
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), JsonValue.Create((long)array.Count),
                $"{name} in body should have at least {minItems.ToString(CultureInfo.InvariantCulture)} items"));
        }

        if (schema.MaxItems is { } maxItems && array.Count > maxItems)
        {
            errors.Add(TooMany(FieldPathStack.FieldOf(path.OpenApiName()), array.Count, maxItems));
        }

        if (schema.UniqueItems && HasDuplicates(array))
        {
            var name = path.OpenApiName();
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), string.Empty,
                $"{name} in body shouldn't contain duplicates"));
        }

        return count;
    }

    private void CheckEnum(StructuralSchema schema, JsonNode? data, List<FieldError> errors)
    {
        if (schema.Enum is not { } allowed)
        {
            return;
        }

        foreach (var value in allowed)
        {
            if (JsonData.DeepEquals(data, value))
            {
                return;
            }
        }

        var supported = new List<string>(allowed.Length);
        foreach (var value in allowed)
        {
            supported.Add(JsonData.KindOf(value) == JsonDataKind.String ? value!.GetValue<string>() : JsonData.CanonicalJson(value));
        }

        var detail = "supported values: " + string.Join(", ", supported.Select(GoValueFormat.Quote));
        errors.Add(new FieldError(FieldErrorType.NotSupported, FieldPathStack.FieldOf(path.OpenApiName()), data?.DeepClone(), detail));
    }

    private int CheckObject(StructuralSchema schema, JsonObject data, List<FieldError> errors)
    {
        var count = 0;
        if (schema.MinProperties is { } minProperties && data.Count < minProperties)
        {
            var name = path.OpenApiName();
            errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), JsonValue.Create((long)data.Count),
                $"{name} in body should have at least {minProperties.ToString(CultureInfo.InvariantCulture)} properties"));
        }

        if (schema.MaxProperties is { } maxProperties && data.Count > maxProperties)
        {
            errors.Add(TooMany(FieldPathStack.FieldOf(path.OpenApiName()), data.Count, maxProperties));
        }

        if (!schema.AdditionalPropertiesAllowed)
        {
            foreach (var (key, _) in data)
            {
                if (schema.Property(key) is null)
                {
                    var name = path.OpenApiName();
                    errors.Add(new FieldError(FieldErrorType.Invalid, FieldPathStack.FieldOf(name), key,
                        $"{name}.{key} in body is a forbidden property"));
                }
            }
        }
        else if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, value) in data)
            {
                if (schema.Property(key) is null)
                {
                    path.PushKey(key);
                    count += Validate(additional, value, errors);
                    path.Pop();
                }
            }
        }

        foreach (var (name, property) in schema.Properties)
        {
            if (data.TryGetPropertyValue(name, out var value))
            {
                path.PushProperty(name);
                count += Validate(property, value, errors);
                path.Pop();
            }
        }

        foreach (var required in schema.Required)
        {
            if (!data.ContainsKey(required))
            {
                errors.Add(new FieldError(FieldErrorType.Required, FieldPathStack.FieldOf(path.OpenApiName() + "." + required), string.Empty, string.Empty));
            }
        }

        return count;
    }

    private static FieldError TooMany(string field, int actual, long maximum)
    {
        var items = maximum == 1 ? "item" : "items";
        return new FieldError(FieldErrorType.TooMany, field, JsonValue.Create((long)actual),
            $"must have at most {maximum.ToString(CultureInfo.InvariantCulture)} {items}");
    }

    /// <summary>An error kube-openapi reports without a field name; kube-apiserver shows it at <c>&lt;nil&gt;</c> with an empty value.</summary>
    private static FieldError Unplaced(string detail) => new(FieldErrorType.Invalid, FieldPathStack.NilField, string.Empty, detail);

    private static bool HasDuplicates(JsonArray array)
    {
        for (var i = 1; i < array.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (JsonData.DeepEquals(array[i], array[j]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsJsonInteger(double value) =>
        !double.IsNaN(value) && !double.IsInfinity(value) && value >= -MaxJsonInteger && value <= MaxJsonInteger && Math.Floor(value) == value;

    private static bool Contains(string[] types, string type)
    {
        foreach (var t in types)
        {
            if (string.Equals(t, type, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Counts Unicode code points, as Go's <c>utf8.RuneCountInString</c> does; a lone surrogate counts as one.</summary>
    private static int CountRunes(string text)
    {
        var count = text.Length;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && char.IsLowSurrogate(text[i + 1]))
            {
                count--;
                i++;
            }
        }

        return count;
    }
}
