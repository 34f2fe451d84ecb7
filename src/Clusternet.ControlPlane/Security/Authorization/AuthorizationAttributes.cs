using Clusternet.ControlPlane.Api;

namespace Clusternet.ControlPlane.Security.Authorization;

/// <summary>
/// What a request asks to do, as kube-apiserver's <c>authorizer.Attributes</c>: a resource request (verb on
/// group/resource[/subresource] [name] [in namespace]) or a non-resource request (verb on a URL path). SubjectAccessReview
/// builds the same attributes from its spec.
/// </summary>
internal sealed record AuthorizationAttributes(
    UserInfo User,
    string Verb,
    bool IsResourceRequest,
    string Path,
    string ApiGroup = "",
    string ApiVersion = "",
    string? Namespace = null,
    string Resource = "",
    string? Subresource = null,
    string? Name = null)
{
    /// <summary>The attributes of a resource request.</summary>
    public static AuthorizationAttributes ForResource(UserInfo user, RequestInfo info, string path) =>
        new(user, info.Verb, true, path, info.Group, info.Version, info.Namespace, info.Resource, info.Subresource, info.AuthorizationName);

    /// <summary>The attributes of a request for a non-resource URL; the verb is the lower-case HTTP method (get for HEAD).</summary>
    public static AuthorizationAttributes ForNonResource(UserInfo user, string method, string path) =>
        new(user, method is "HEAD" or "GET" ? "get" : method.ToLowerInvariant(), false, path);
}
