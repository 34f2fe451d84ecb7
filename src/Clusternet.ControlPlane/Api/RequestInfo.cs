using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api;

/// <summary>
/// What a resource URL addresses, as kube-apiserver's request-info resolver reads it:
/// <c>/api/v1/...</c> or <c>/apis/&lt;group&gt;/&lt;version&gt;/...</c>, then
/// <c>[namespaces/&lt;ns&gt;/]&lt;resource&gt;[/&lt;name&gt;[/&lt;subresource&gt;]]</c>.
/// </summary>
/// <param name="Verb">get, list, watch, create, update, patch, delete or deletecollection.</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Version">The version.</param>
/// <param name="Namespace">The namespace from the URL, or null.</param>
/// <param name="Resource">The plural resource.</param>
/// <param name="Name">The object name, or null for a collection.</param>
/// <param name="Subresource">The subresource, or null.</param>
internal sealed record RequestInfo(string Verb, string Group, string Version, string? Namespace, string Resource, string? Name, string? Subresource)
{
    /// <summary>The path after the subresource (a connect subresource's target path), or null when there is none.</summary>
    public string? Subpath { get; init; }

    /// <summary>
    /// The name authorization sees: the URL's, or for a list or watch confined by <c>fieldSelector=metadata.name=x</c>
    /// that one name, as kube-apiserver resolves it, so that a grant on one named object also allows watching it.
    /// </summary>
    public string? AuthorizationName { get; init; }

    // A namespace's own subresources: /api/v1/namespaces/x/status addresses the namespace, not a resource "status" in it.
    private static readonly HashSet<string> NamespaceSubresources = new(StringComparer.Ordinal) { "status", "finalize" };

    /// <summary>Parses a resource request; null when the path is not one (discovery, unknown prefixes, malformed).</summary>
    public static RequestInfo? Parse(HttpRequest request)
    {
        var parts = (request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        string group;
        string version;
        int next;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, next) = (string.Empty, parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, next) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var rest = parts.AsSpan(next);
        string? ns = null;
        if (rest[0] == "namespaces" && rest.Length > 1)
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        // Connect subresources carry a path of their own after the subresource (pods/x/proxy/<path>,
        // sockets/<id>/proxy/direct/api/v1/...): kube-apiserver still authorizes them as the subresource.
        var subpath = rest.Length > 3 ? string.Join('/', rest[3..].ToArray()) : null;

        var resource = rest[0];
        var name = rest.Length > 1 ? rest[1] : null;
        var subresource = rest.Length > 2 ? rest[2] : null;
        if (resource == "namespaces" && ns is not null && name is not null)
        {
            ns = null; // a Namespace object is cluster-scoped; its name only looked like a namespace segment
        }

        var verb = request.Method switch
        {
            "GET" or "HEAD" when name is null => IsWatch(request) ? "watch" : "list",
            "GET" or "HEAD" => "get",
            "POST" => "create",
            "PUT" => "update",
            "PATCH" => "patch",
            "DELETE" when name is null => "deletecollection",
            "DELETE" => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        return new RequestInfo(verb, group, version, ns, resource, name, subresource)
        {
            Subpath = subpath,
            AuthorizationName = verb is "list" or "watch" ? SelectedName(request.Query["fieldSelector"].ToString()) : name,
        };
    }

    // The value of an exact metadata.name term of a field selector ("metadata.name=x" or "==x", beside other terms),
    // when it is a name a path could carry; null otherwise. Escaped values are left alone: no valid name needs escaping.
    private static string? SelectedName(string fieldSelector)
    {
        foreach (var term in fieldSelector.Split(',', StringSplitOptions.TrimEntries))
        {
            var value = term.StartsWith("metadata.name==", StringComparison.Ordinal) ? term["metadata.name==".Length..]
                : term.StartsWith("metadata.name=", StringComparison.Ordinal) ? term["metadata.name=".Length..]
                : null;
            if (value is { Length: > 0 } && value is not ("." or "..") && value.IndexOfAny(['/', '%', '\\']) < 0)
            {
                return value;
            }
        }

        return null;
    }

    private static bool IsWatch(HttpRequest request) =>
        request.Query["watch"].ToString() is "true" or "1" or "True";
}
