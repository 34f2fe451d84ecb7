using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Clusternet.ControlPlane.Validation;

/// <summary>
/// The checks kube-apiserver makes on objects marked <c>x-kubernetes-embedded-resource</c>: <c>apiVersion</c> and
/// <c>kind</c> present, non-empty strings, a parseable group/version and a kind that is a DNS-1035 label ignoring case.
/// </summary>
/// <remarks>
/// Not done here: kube-apiserver also validates an embedded object's <c>metadata</c> like an ObjectMeta (name syntax,
/// labels, annotations). That belongs with the control plane's object-meta validation.
/// </remarks>
internal sealed partial class EmbeddedResourceWalk(FieldPathStack path)
{
    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, " +
        "and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public void Validate(StructuralSchema schema, JsonNode? data, List<FieldError> errors)
    {
        switch (data)
        {
            case JsonObject obj:
                if (schema.EmbeddedResource)
                {
                    ValidateTypeMeta(obj, errors);
                }

                foreach (var (key, value) in obj)
                {
                    if (schema.Property(key) is { } property)
                    {
                        path.PushProperty(key);
                        Validate(property, value, errors);
                        path.Pop();
                    }
                    else if (schema.AdditionalProperties is { } additional)
                    {
                        path.PushKey(key);
                        Validate(additional, value, errors);
                        path.Pop();
                    }
                }

                break;
            case JsonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Count; i++)
                {
                    path.PushIndex(i);
                    Validate(items, array[i], errors);
                    path.Pop();
                }

                break;
        }
    }

    private void ValidateTypeMeta(JsonObject obj, List<FieldError> errors)
    {
        if (!obj.ContainsKey("apiVersion"))
        {
            errors.Add(new FieldError(FieldErrorType.Required, path.FieldPath("apiVersion"), string.Empty, string.Empty));
        }

        if (!obj.ContainsKey("kind"))
        {
            errors.Add(new FieldError(FieldErrorType.Required, path.FieldPath("kind"), string.Empty, string.Empty));
        }

        foreach (var (key, value) in obj)
        {
            if (key is not ("apiVersion" or "kind"))
            {
                continue;
            }

            var field = path.FieldPath(key);
            if (JsonData.KindOf(value) != JsonDataKind.String)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, field, value?.DeepClone(), "must be a string"));
                continue;
            }

            var text = value!.GetValue<string>();
            if (text.Length == 0)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, field, text, "must not be empty"));
            }
            else if (key == "apiVersion" && text.Count(c => c == '/') > 1)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, field, text, "unexpected GroupVersion string: " + text));
            }
            else if (key == "kind" && Dns1035Errors(text.ToLowerInvariant()) is { } problems)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, field, text, "may have mixed case, but should otherwise match: " + problems));
            }
        }
    }

    private static string? Dns1035Errors(string label)
    {
        var problems = new List<string>(2);
        if (label.Length > 63)
        {
            problems.Add("must be no more than 63 characters");
        }

        if (!Dns1035Regex().IsMatch(label))
        {
            problems.Add(Dns1035Message);
        }

        return problems.Count == 0 ? null : string.Join(",", problems);
    }

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Regex();
}
