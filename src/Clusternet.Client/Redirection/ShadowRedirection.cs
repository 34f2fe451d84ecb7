using k8s;

namespace Clusternet.Redirection;

/// <summary>
/// Sends a KubernetesClient's calls to the hub's shadow API, as upstream Clusternet's client-go wrapper does:
/// <c>/api/v1/…</c> and <c>/apis/&lt;group&gt;/&lt;version&gt;/…</c> become <c>/apis/shadow/v1alpha1/…</c>, where the
/// objects are kept as templates (Manifests) to be deployed to child clusters by Subscriptions, not created in the parent.
/// Clusternet's own groups (<c>&lt;word&gt;.clusternet.io</c>) and discovery are left alone.
/// </summary>
/// <example>
/// <code>
/// var parent = KubernetesClientConfiguration.BuildDefaultConfig();
/// var shadow = new Kubernetes(parent, ShadowRedirection.ForShadow(new Uri(parent.Host)));
/// await shadow.AppsV1.CreateNamespacedDeploymentAsync(deployment, "demo"); // stored as a Manifest
/// </code>
/// </example>
public static class ShadowRedirection
{
    /// <summary>
    /// A delegating handler that rewrites request paths for the shadow API. The path prefix of
    /// <paramref name="parentHost"/> is kept in front of the rewritten path; give the <c>Host</c> of the configuration
    /// the client is built from. Only HTTP requests pass through handlers; the shadow API serves no websockets.
    /// </summary>
    /// <param name="parentHost">The parent's URL.</param>
    public static DelegatingHandler ForShadow(Uri parentHost)
    {
        ArgumentNullException.ThrowIfNull(parentHost);
        return new ShadowRedirectingHandler(SocketsProxy.PathPrefixOf(parentHost));
    }
}
