using System.Reflection;
using k8s;

namespace Clusternet.Redirection;

/// <summary>
/// Redirects a KubernetesClient configuration made for the parent cluster to one child cluster, through the hub's
/// sockets proxy (<see cref="SocketsProxy.DirectUri"/>): typed, generic and custom-object calls, watches, and the
/// exec, attach and port-forward websockets, optionally with child credentials (<see cref="ChildCredentials"/>).
/// </summary>
/// <remarks>
/// <para>Three ways to use it, from the simplest:</para>
/// <list type="bullet">
/// <item><see cref="CreateKubernetes"/> — a <see cref="Kubernetes"/> whose server URL is the proxy URL, with the
/// credential headers on HTTP requests and on websockets.</item>
/// <item><see cref="Configure"/> (or <see cref="ClusterRedirectionExtensions.ForCluster"/>) — a copy of the configuration
/// whose <c>Host</c> is the proxy URL; everything the client builds from it goes to the child, but a configuration cannot
/// carry extra headers, so this form is identity passthrough only.</item>
/// <item><see cref="CreateHandler"/> — a delegating handler for <c>new Kubernetes(parentConfiguration, handler)</c>
/// that rewrites request URLs and adds the headers; call <see cref="ApplyToWebSockets"/> on that instance too, since
/// KubernetesClient opens websockets without its handlers.</item>
/// </list>
/// </remarks>
public sealed class ClusterRedirection
{
    private static readonly MethodInfo MemberwiseCloneMethod =
        typeof(object).GetMethod(nameof(MemberwiseClone), BindingFlags.Instance | BindingFlags.NonPublic)!;

    private readonly string directPath;

    private ClusterRedirection(string clusterId, ChildCredentials? credentials)
    {
        directPath = SocketsProxy.DirectPath(clusterId);
        ClusterId = clusterId;
        Credentials = credentials;
    }

    /// <summary>The child cluster's id.</summary>
    public string ClusterId { get; }

    /// <summary>The child credentials sent with every request, or null for identity passthrough.</summary>
    public ChildCredentials? Credentials { get; }

    /// <summary>A redirection to the child cluster <paramref name="clusterId"/>.</summary>
    /// <param name="clusterId">The cluster's id: a UUID (what agents register with) or a DNS-1123 label.</param>
    /// <param name="credentials">Child credentials to present through the hub; null sends only the caller's parent identity.</param>
    /// <exception cref="ArgumentException">The id is neither a UUID nor a DNS-1123 label.</exception>
    public static ClusterRedirection ForCluster(string clusterId, ChildCredentials? credentials = null) => new(clusterId, credentials);

    /// <summary>
    /// A copy of <paramref name="parent"/> whose <c>Host</c> is the cluster's proxy URL; the parent's CA, client
    /// certificate, token, token provider, timeouts and handler setup are shared. The original is not changed.
    /// </summary>
    /// <param name="parent">The parent cluster's configuration.</param>
    public KubernetesClientConfiguration Configure(KubernetesClientConfiguration parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (string.IsNullOrWhiteSpace(parent.Host))
        {
            throw new ArgumentException("The parent configuration has no Host.", nameof(parent));
        }

        // A member-wise copy keeps every setting, including ones KubernetesClient keeps private (its JSON options)
        // and ones a later version adds; only Host differs.
        var copy = (KubernetesClientConfiguration)MemberwiseCloneMethod.Invoke(parent, null)!;
        copy.Host = SocketsProxy.DirectUri(new Uri(parent.Host), ClusterId).ToString();
        return copy;
    }

    /// <summary>
    /// A <see cref="Kubernetes"/> for the child: built from <see cref="Configure"/>, with <paramref name="handlers"/>
    /// (outermost first) followed by one that adds the child credential headers, and websockets that carry them too.
    /// </summary>
    /// <param name="parent">The parent cluster's configuration.</param>
    /// <param name="handlers">Further delegating handlers, as for the <see cref="Kubernetes"/> constructor.</param>
    public Kubernetes CreateKubernetes(KubernetesClientConfiguration parent, params DelegatingHandler[] handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var configuration = Configure(parent);
        var all = CreateCredentialHandler() is { } credentialHandler ? [.. handlers, credentialHandler] : handlers;
        var kubernetes = new Kubernetes(configuration, all);
        kubernetes.CreateWebSocketBuilder = () => new ClusterWebSocketBuilder(null, directPath, Credentials);
        return kubernetes;
    }

    /// <summary>
    /// A delegating handler that sends each request for <paramref name="parentHost"/> to the cluster's proxy path instead
    /// (path prefix of the parent kept before it, query untouched) and adds the child credential headers. It sees only
    /// HTTP requests: use <see cref="ApplyToWebSockets"/> for exec, attach and port-forward.
    /// </summary>
    /// <param name="parentHost">The parent's URL, the <c>Host</c> of the configuration the client is built from.</param>
    public DelegatingHandler CreateHandler(Uri parentHost)
    {
        ArgumentNullException.ThrowIfNull(parentHost);
        return new ClusterRedirectingHandler(SocketsProxy.PathPrefixOf(parentHost), directPath, Credentials);
    }

    /// <summary>
    /// Makes the websockets of <paramref name="kubernetes"/> (exec, attach, port-forward) go to this cluster with the
    /// child credential headers. A client whose <see cref="Kubernetes.BaseUri"/> is already the cluster's proxy URL only
    /// gets the headers; one built for the parent also gets its websocket URLs redirected.
    /// </summary>
    /// <param name="kubernetes">The client; its <see cref="Kubernetes.CreateWebSocketBuilder"/> is replaced.</param>
    public void ApplyToWebSockets(Kubernetes kubernetes)
    {
        ArgumentNullException.ThrowIfNull(kubernetes);
        var basePath = SocketsProxy.PathPrefixOf(kubernetes.BaseUri);
        string? prefix = basePath.EndsWith(directPath, StringComparison.Ordinal) ? null : basePath;
        kubernetes.CreateWebSocketBuilder = () => new ClusterWebSocketBuilder(prefix, directPath, Credentials);
    }

    /// <summary>A handler that only adds the credential headers, for a client whose server URL is already the proxy URL; null without credentials.</summary>
    internal DelegatingHandler? CreateCredentialHandler() =>
        Credentials is null ? null : new ClusterRedirectingHandler(null, directPath, Credentials);

    /// <summary>
    /// <paramref name="uri"/> with <paramref name="directPath"/> inserted after <paramref name="parentPrefix"/>. A path
    /// outside the prefix is redirected whole, so no request of a redirected client reaches the parent's own API.
    /// </summary>
    internal static Uri Redirect(Uri uri, string parentPrefix, string directPath)
    {
        var path = uri.AbsolutePath;
        var underPrefix = string.Equals(path, parentPrefix, StringComparison.Ordinal)
            || (path.StartsWith(parentPrefix, StringComparison.Ordinal) && path.Length > parentPrefix.Length && path[parentPrefix.Length] == '/');
        var rest = underPrefix ? path[parentPrefix.Length..] : path;
        if (rest.Length > 0 && rest[0] != '/')
        {
            rest = "/" + rest;
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + parentPrefix + directPath + rest + uri.Query);
    }
}
