using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// An API group-version the hub mounts besides <c>proxies.clusternet.io/v1alpha1</c> — the shadow API. The hub
/// authenticates and authorizes each request (resource attributes parsed from the path) before calling
/// <see cref="HandleAsync"/>, lists the group in <c>/apis</c>, and serves <see cref="ResourceList"/> as its discovery.
/// Register one in DI as a singleton <see cref="HubApiGroup"/>; the hub starts it with the host.
/// </summary>
internal sealed class HubApiGroup
{
    private readonly Func<CancellationToken, Task> _start;
    private readonly Func<HttpContext, string, CancellationToken, Task> _handle;
    private readonly Func<byte[]> _resourceList;

    /// <param name="group">The API group, e.g. <c>shadow</c>.</param>
    /// <param name="version">The version, e.g. <c>v1alpha1</c>.</param>
    /// <param name="start">Starts the group's background work (caches, discovery refresh).</param>
    /// <param name="handle">Serves a request; gets the path after <c>/apis/&lt;group&gt;/&lt;version&gt;</c> (raw, still percent-encoded).</param>
    /// <param name="resourceList">The group-version's APIResourceList JSON.</param>
    public HubApiGroup(string group, string version, Func<CancellationToken, Task> start, Func<HttpContext, string, CancellationToken, Task> handle, Func<byte[]> resourceList)
    {
        Group = group;
        Version = version;
        _start = start;
        _handle = handle;
        _resourceList = resourceList;
    }

    public string Group { get; }

    public string Version { get; }

    public string Prefix => "/apis/" + Group + "/" + Version;

    public Task StartAsync(CancellationToken cancellationToken) => _start(cancellationToken);

    public Task HandleAsync(HttpContext context, string rest, CancellationToken cancellationToken) => _handle(context, rest, cancellationToken);

    public byte[] ResourceList() => _resourceList();

    /// <summary>
    /// The SubjectAccessReview attributes of a request below the group-version, following Kubernetes' RequestInfo:
    /// <c>/namespaces/&lt;ns&gt;/&lt;resource&gt;[/&lt;name&gt;[/&lt;subresource&gt;]]</c> or <c>/&lt;resource&gt;[/&lt;name&gt;[/&lt;subresource&gt;]]</c>;
    /// collection GET is list (watch with <c>watch=true</c>), collection DELETE deletecollection.
    /// </summary>
    public HubAccessRequest AccessRequestOf(string method, string rest, IQueryCollection query)
    {
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length == 0)
        {
            return HubAccessRequest.NonResource(Prefix);
        }

        string? ns = null;
        var at = 0;
        if (segments[0] == "namespaces" && segments.Length >= 3)
        {
            ns = segments[1];
            at = 2;
        }

        var resource = segments[at];
        var name = segments.Length > at + 1 ? segments[at + 1] : null;
        var subresource = segments.Length > at + 2 ? segments[at + 2] : null;
        var watch = query.TryGetValue("watch", out var w) && (w == "true" || w == "1");
        var verb = (method.ToUpperInvariant(), name) switch
        {
            ("GET" or "HEAD", null) => watch ? "watch" : "list",
            ("GET" or "HEAD", _) => watch ? "watch" : "get",
            ("DELETE", null) => "deletecollection",
            _ => HubAccessRequest.VerbOf(method),
        };
        return new HubAccessRequest(verb, Group, Version, resource, subresource, ns, name);
    }
}
