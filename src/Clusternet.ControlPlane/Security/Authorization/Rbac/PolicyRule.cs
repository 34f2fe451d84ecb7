using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// One <c>rules[]</c> entry of a Role or ClusterRole (rbac.authorization.k8s.io/v1 PolicyRule), held as arrays so that
/// matching a request walks a few short arrays and allocates nothing.
/// </summary>
/// <remarks>
/// Matching is kube-apiserver's: <c>*</c> in verbs, apiGroups and resources matches anything; a resource entry matches
/// <c>resource</c> or <c>resource/subresource</c> exactly, and <c>*/subresource</c> matches that subresource of any
/// resource. <c>resource/*</c> has no special meaning (upstream matches it only against a subresource literally named
/// <c>*</c>). A rule with resourceNames matches only requests that carry one of those names, so never create, list,
/// watch or deletecollection. A non-resource URL ending in <c>*</c> matches by prefix.
/// </remarks>
internal sealed class PolicyRule : IEquatable<PolicyRule>
{
    public PolicyRule(string[] verbs, string[] apiGroups, string[] resources, string[] resourceNames, string[] nonResourceUrls)
    {
        Verbs = verbs;
        ApiGroups = apiGroups;
        Resources = resources;
        ResourceNames = resourceNames;
        NonResourceUrls = nonResourceUrls;
    }

    public string[] Verbs { get; }

    public string[] ApiGroups { get; }

    public string[] Resources { get; }

    public string[] ResourceNames { get; }

    public string[] NonResourceUrls { get; }

    /// <summary>A resource rule.</summary>
    public static PolicyRule ForResources(string[] verbs, string[] apiGroups, string[] resources, string[]? resourceNames = null) =>
        new(verbs, apiGroups, resources, resourceNames ?? [], []);

    /// <summary>A non-resource rule.</summary>
    public static PolicyRule ForUrls(string[] verbs, string[] urls) => new(verbs, [], [], [], urls);

    /// <summary>Reads a rule as stored (absent lists are empty).</summary>
    public static PolicyRule FromJson(JsonNode? node) =>
        new(Strings(node, "verbs"), Strings(node, "apiGroups"), Strings(node, "resources"), Strings(node, "resourceNames"), Strings(node, "nonResourceURLs"));

    /// <summary>The rules of a Role or ClusterRole object.</summary>
    public static PolicyRule[] ListFromJson(JsonObject obj) =>
        obj["rules"] is JsonArray rules ? [.. rules.Select(FromJson)] : [];

    /// <summary>The rule as stored, without empty lists (as the API server omits them).</summary>
    public JsonObject ToJson()
    {
        var rule = new JsonObject();
        Add(rule, "verbs", Verbs);
        Add(rule, "apiGroups", ApiGroups);
        Add(rule, "resources", Resources);
        Add(rule, "resourceNames", ResourceNames);
        Add(rule, "nonResourceURLs", NonResourceUrls);
        return rule;
    }

    /// <summary>Whether this rule allows the request.</summary>
    public bool Allows(AuthorizationAttributes a)
    {
        if (!Contains(Verbs, a.Verb))
        {
            return false;
        }

        if (!a.IsResourceRequest)
        {
            return UrlMatches(a.Path);
        }

        return Contains(ApiGroups, a.ApiGroup) && ResourceMatches(a.Resource, a.Subresource) && NameMatches(a.Name);
    }

    /// <summary>The rule as in the API's SelfSubjectRulesReview: resource and non-resource rules apart.</summary>
    public ResourceRule ToResourceRule() => new(Verbs, ApiGroups, Resources, ResourceNames);

    /// <inheritdoc cref="ToResourceRule"/>
    public NonResourceRule ToNonResourceRule() => new(Verbs, NonResourceUrls);

    /// <summary>
    /// kube's compact form of a rule for messages: <c>{APIGroups:[""], Resources:["pods"], Verbs:["get"]}</c>, the lists
    /// Go-quoted and empty ones left out.
    /// </summary>
    public string CompactString()
    {
        var parts = new List<string>(5);
        if (ApiGroups.Length > 0)
        {
            parts.Add("APIGroups:" + GoQuote.List(ApiGroups));
        }

        if (Resources.Length > 0)
        {
            parts.Add("Resources:" + GoQuote.List(Resources));
        }

        if (NonResourceUrls.Length > 0)
        {
            parts.Add("NonResourceURLs:" + GoQuote.List(NonResourceUrls));
        }

        if (ResourceNames.Length > 0)
        {
            parts.Add("ResourceNames:" + GoQuote.List(ResourceNames));
        }

        if (Verbs.Length > 0)
        {
            parts.Add("Verbs:" + GoQuote.List(Verbs));
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    public bool Equals(PolicyRule? other) =>
        other is not null
        && Verbs.AsSpan().SequenceEqual(other.Verbs)
        && ApiGroups.AsSpan().SequenceEqual(other.ApiGroups)
        && Resources.AsSpan().SequenceEqual(other.Resources)
        && ResourceNames.AsSpan().SequenceEqual(other.ResourceNames)
        && NonResourceUrls.AsSpan().SequenceEqual(other.NonResourceUrls);

    public override bool Equals(object? obj) => Equals(obj as PolicyRule);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var list in new[] { Verbs, ApiGroups, Resources, ResourceNames, NonResourceUrls })
        {
            hash.Add(list.Length);
            foreach (var item in list)
            {
                hash.Add(item);
            }
        }

        return hash.ToHashCode();
    }

    public override string ToString() => CompactString();

    /// <summary>Whether <paramref name="values"/> holds <c>*</c> or <paramref name="value"/>.</summary>
    internal static bool Contains(string[] values, string value)
    {
        foreach (var v in values)
        {
            if (v == "*" || v == value)
            {
                return true;
            }
        }

        return false;
    }

    private bool ResourceMatches(string resource, string? subresource)
    {
        foreach (var rule in Resources)
        {
            if (rule == "*")
            {
                return true;
            }

            if (subresource is not { Length: > 0 } sub)
            {
                if (rule == resource)
                {
                    return true;
                }

                continue;
            }

            // "resource/subresource" exactly, compared in place rather than by building the combined string.
            var span = rule.AsSpan();
            if (span.Length == resource.Length + 1 + sub.Length && span.StartsWith(resource) && span[resource.Length] == '/' && span.EndsWith(sub))
            {
                return true;
            }

            if (span.Length == sub.Length + 2 && span.StartsWith("*/") && span.EndsWith(sub))
            {
                return true;
            }
        }

        return false;
    }

    private bool NameMatches(string? name)
    {
        if (ResourceNames.Length == 0)
        {
            return true;
        }

        foreach (var n in ResourceNames)
        {
            if (n == name)
            {
                return true;
            }
        }

        return false;
    }

    private bool UrlMatches(string path)
    {
        foreach (var url in NonResourceUrls)
        {
            if (UrlCovers(url, path))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a rule URL (exact, <c>*</c>, or a prefix ending in <c>*</c>) covers <paramref name="path"/>.</summary>
    internal static bool UrlCovers(string ruleUrl, string path) =>
        ruleUrl == "*" || ruleUrl == path || (ruleUrl.EndsWith('*') && path.AsSpan().StartsWith(ruleUrl.AsSpan().TrimEnd('*')));

    private static string[] Strings(JsonNode? node, string field) =>
        node?[field] is JsonArray array ? [.. array.Select(v => v?.GetValue<string>() ?? string.Empty)] : [];

    private static void Add(JsonObject rule, string field, string[] values)
    {
        if (values.Length > 0)
        {
            rule[field] = new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }
    }
}
