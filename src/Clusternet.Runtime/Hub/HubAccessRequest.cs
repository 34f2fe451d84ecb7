namespace Clusternet.Runtime.Hub;

/// <summary>
/// What a request asks to do, in SubjectAccessReview terms: resource attributes (API group, resource, subresource,
/// namespace, name, verb) or, for discovery and <c>/version</c>, a non-resource path.
/// </summary>
internal sealed record HubAccessRequest(string Verb, string? Group = null, string? Version = null, string? Resource = null, string? Subresource = null, string? Namespace = null, string? Name = null, string? Path = null)
{
    /// <summary>Access to a non-resource URL such as <c>/apis</c>.</summary>
    public static HubAccessRequest NonResource(string path) => new("get", Path: path);

    /// <summary>Kubernetes' verb for a request on a named object (RequestInfo: GET/HEAD get, POST create, PUT update, PATCH patch, DELETE delete).</summary>
    public static string VerbOf(string method) => method.ToUpperInvariant() switch
    {
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => "get",
    };

    public bool IsResource => Path is null;

    public string CacheKey => string.Join('\u0001', Verb, Group, Version, Resource, Subresource, Namespace, Name, Path);

    /// <summary>The apiserver's wording when this is denied, e.g. <c>User "bob" cannot get resource "sockets/proxy" in API group "proxies.clusternet.io" at the cluster scope</c>.</summary>
    public string ForbiddenMessage(string user, string? reason)
    {
        string message;
        if (!IsResource)
        {
            message = $"forbidden: User \"{user}\" cannot {Verb} path \"{Path}\"";
        }
        else
        {
            var resource = string.IsNullOrEmpty(Subresource) ? Resource : Resource + "/" + Subresource;
            var qualified = string.IsNullOrEmpty(Group) ? Resource : Resource + "." + Group;
            var subject = string.IsNullOrEmpty(Name) ? qualified + " is forbidden" : $"{qualified} \"{Name}\" is forbidden";
            var scope = string.IsNullOrEmpty(Namespace) ? "at the cluster scope" : $"in the namespace \"{Namespace}\"";
            message = $"{subject}: User \"{user}\" cannot {Verb} resource \"{resource}\" in API group \"{Group}\" {scope}";
        }

        return string.IsNullOrEmpty(reason) ? message : message + ": " + reason;
    }
}
