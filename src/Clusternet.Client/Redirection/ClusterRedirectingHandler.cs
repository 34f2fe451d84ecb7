namespace Clusternet.Redirection;

/// <summary>
/// Sends every request of a <see cref="k8s.Kubernetes"/> built for the parent to the child cluster through the hub's
/// sockets proxy (when it has a parent prefix to rewrite from), and adds the child credentials' impersonation headers.
/// </summary>
internal sealed class ClusterRedirectingHandler : DelegatingHandler
{
    private readonly string? parentPrefix;
    private readonly string directPath;
    private readonly ChildCredentials? credentials;

    /// <param name="parentPrefix">The escaped path prefix of the parent's URL ("" for none), or null to leave URLs alone (the configuration already points at the proxy).</param>
    /// <param name="directPath">The sockets proxy path of the cluster.</param>
    /// <param name="credentials">The child credentials to add, if any.</param>
    public ClusterRedirectingHandler(string? parentPrefix, string directPath, ChildCredentials? credentials)
    {
        this.parentPrefix = parentPrefix;
        this.directPath = directPath;
        this.credentials = credentials;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (parentPrefix is not null && request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = ClusterRedirection.Redirect(uri, parentPrefix, directPath);
        }

        if (credentials is not null)
        {
            foreach (var (name, value) in credentials.Headers())
            {
                // Replaces, not appends: a caller's own Impersonate-User must not combine with ours into two values.
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return base.SendAsync(request, cancellationToken);
    }
}
