using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Security.Authorization.Reviews;

/// <summary>
/// The spec of a SubjectAccessReview, LocalSubjectAccessReview or SelfSubjectAccessReview: what to check
/// (resource or non-resource attributes) and, for the first two, whom (user, groups, uid, extra).
/// </summary>
internal sealed record AccessReviewSpec(
    ResourceAttributes? Resource,
    NonResourceAttributes? NonResource,
    string User,
    IReadOnlyList<string> Groups,
    string Uid,
    IReadOnlyDictionary<string, List<string>> Extra)
{
    /// <summary>Reads <c>spec</c>; <paramref name="withSubject"/> reads user, groups, uid and extra too (the self review has none).</summary>
    public static AccessReviewSpec Read(ReviewBody body, JsonObject review, bool withSubject)
    {
        var spec = body.Object(review, "spec", "spec");
        var resource = body.Object(spec, "resourceAttributes", "spec.resourceAttributes") is { } r
            ? new ResourceAttributes(
                body.String(r, "namespace", "spec.resourceAttributes.namespace"),
                body.String(r, "verb", "spec.resourceAttributes.verb"),
                body.String(r, "group", "spec.resourceAttributes.group"),
                body.String(r, "version", "spec.resourceAttributes.version"),
                body.String(r, "resource", "spec.resourceAttributes.resource"),
                body.String(r, "subresource", "spec.resourceAttributes.subresource"),
                body.String(r, "name", "spec.resourceAttributes.name"))
            : null;
        var nonResource = body.Object(spec, "nonResourceAttributes", "spec.nonResourceAttributes") is { } n
            ? new NonResourceAttributes(body.String(n, "path", "spec.nonResourceAttributes.path"), body.String(n, "verb", "spec.nonResourceAttributes.verb"))
            : null;
        return withSubject
            ? new AccessReviewSpec(
                resource,
                nonResource,
                body.String(spec, "user", "spec.user"),
                body.Strings(spec, "groups", "spec.groups"),
                body.String(spec, "uid", "spec.uid"),
                body.StringLists(spec, "extra", "spec.extra"))
            : new AccessReviewSpec(resource, nonResource, string.Empty, [], string.Empty, new Dictionary<string, List<string>>());
    }

    /// <summary>
    /// kube-apiserver's spec validation: exactly one of the attribute kinds, and (when the spec names the subject) a user
    /// or a group. Bad values are rendered as Go prints them (<c>%#v</c> of the internal type, <c>"null"</c> for none).
    /// </summary>
    public List<FieldError> Validate(bool withSubject)
    {
        var errors = new List<FieldError>();
        if (Resource is not null && NonResource is not null)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.nonResourceAttributes", null, "cannot be specified in combination with resourceAttributes") { GoValue = NonResource.GoValue });
        }

        if (Resource is null && NonResource is null)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.resourceAttributes", null, "exactly one of nonResourceAttributes or resourceAttributes must be specified") { GoValue = "\"null\"" });
        }

        if (withSubject && User.Length == 0 && Groups.Count == 0)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.user", JsonValue.Create(User), "at least one of user or group must be specified"));
        }

        return errors;
    }

    /// <summary>What the authorizers are asked for <paramref name="user"/>; an empty version means every version, as upstream sets it.</summary>
    public AuthorizationAttributes AttributesFor(UserInfo user) => Resource is { } r
        ? new AuthorizationAttributes(
            user,
            r.Verb,
            IsResourceRequest: true,
            string.Empty,
            r.Group,
            r.Version.Length == 0 ? "*" : r.Version,
            NullIfEmpty(r.Namespace),
            r.Resource,
            NullIfEmpty(r.Subresource),
            NullIfEmpty(r.Name))
        : new AuthorizationAttributes(user, NonResource!.Verb, IsResourceRequest: false, NonResource.Path);

    /// <summary>The subject the spec names, exactly as given: no group is added, unlike an authenticated request.</summary>
    public UserInfo Subject() =>
        new(User, Uid, [.. Groups], Extra.ToDictionary(e => e.Key, e => (IReadOnlyList<string>)e.Value, StringComparer.Ordinal));

    /// <summary>The spec as kube-apiserver echoes it: typed fields only, empty ones left out.</summary>
    public JsonObject ToJson(bool withSubject)
    {
        var spec = new JsonObject();
        if (Resource is { } r)
        {
            spec["resourceAttributes"] = Omitting(
                ("namespace", r.Namespace), ("verb", r.Verb), ("group", r.Group), ("version", r.Version), ("resource", r.Resource), ("subresource", r.Subresource), ("name", r.Name));
        }

        if (NonResource is { } n)
        {
            spec["nonResourceAttributes"] = Omitting(("path", n.Path), ("verb", n.Verb));
        }

        if (!withSubject)
        {
            return spec;
        }

        if (User.Length > 0)
        {
            spec["user"] = User;
        }

        if (Groups.Count > 0)
        {
            spec["groups"] = new JsonArray([.. Groups.Select(g => (JsonNode?)JsonValue.Create(g))]);
        }

        if (Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in Extra)
            {
                extra[key] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
            }

            spec["extra"] = extra;
        }

        if (Uid.Length > 0)
        {
            spec["uid"] = Uid;
        }

        return spec;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static JsonObject Omitting(params (string Name, string Value)[] fields)
    {
        var result = new JsonObject();
        foreach (var (name, value) in fields)
        {
            if (value.Length > 0)
            {
                result[name] = value;
            }
        }

        return result;
    }
}

/// <summary>A resource check: verb on group/version/resource[/subresource] [name] [in namespace].</summary>
internal sealed record ResourceAttributes(string Namespace, string Verb, string Group, string Version, string Resource, string Subresource, string Name);

/// <summary>A non-resource check: verb on a URL path.</summary>
internal sealed record NonResourceAttributes(string Path, string Verb)
{
    /// <summary>Go's <c>%#v</c> of upstream's internal type, as its validation messages show it.</summary>
    public string GoValue => $"authorization.NonResourceAttributes{{Path:{GoValueFormat.Quote(Path)}, Verb:{GoValueFormat.Quote(Verb)}}}";
}
