using Clusternet.Clients;
using Clusternet.Redirection;
using k8s;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Redirects the client registered by <c>AddClusternetClient</c> through a Clusternet hub:
/// <c>services.AddClusternetClient().AddClusterRedirection(clusterId)</c> makes the registered
/// <see cref="Kubernetes"/> and every typed client over it talk to that child cluster;
/// <c>.AddShadowRedirection()</c> makes them write to the shadow API.
/// </summary>
public static class RedirectionHttpClientBuilderExtensions
{
    /// <summary>
    /// The registered client talks to child cluster <paramref name="clusterId"/>: its server URL becomes the hub's
    /// sockets proxy URL under the configured parent (so calls, watches and websockets all go there), and
    /// <paramref name="credentials"/>, when given, are added to HTTP requests and websockets alike.
    /// </summary>
    /// <param name="builder">The builder <c>AddClusternetClient</c> returned.</param>
    /// <param name="clusterId">The child cluster's id: a UUID or a DNS-1123 label.</param>
    /// <param name="credentials">Child credentials; null for identity passthrough.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddClusterRedirection(this IHttpClientBuilder builder, string clusterId, ChildCredentials? credentials = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EnsureClusternetClient(builder);
        var redirection = ClusterRedirection.ForCluster(clusterId, credentials);

        // The parent URL is known only once the kubeconfig is chosen, so the server URL is replaced after every other
        // option is set, from exactly what the client would have loaded.
        builder.Services.PostConfigure<ClusternetClientOptions>(options =>
            options.Host = SocketsProxy.DirectUri(new Uri(KubeconfigLoader.Load(options).Host), clusterId).ToString());
        if (credentials is not null)
        {
            builder.AddHttpMessageHandler(() => redirection.CreateCredentialHandler()!);
        }

        // KubernetesClient opens websockets itself, past the handlers: give the registered instance the headers there too.
        var registered = builder.Services.LastOrDefault(d => d.ServiceType == typeof(Kubernetes) && d.ImplementationFactory is not null);
        if (registered?.ImplementationFactory is { } factory)
        {
            builder.Services.Remove(registered);
            builder.Services.AddSingleton(provider =>
            {
                var kubernetes = (Kubernetes)factory(provider);
                redirection.ApplyToWebSockets(kubernetes);
                return kubernetes;
            });
        }

        return builder;
    }

    /// <summary>
    /// The registered client's requests are rewritten for the shadow API as upstream's client-go wrapper does (see
    /// <see cref="ShadowRedirection"/>); the path prefix of the configured server URL is kept.
    /// </summary>
    /// <param name="builder">The builder <c>AddClusternetClient</c> returned.</param>
    /// <returns>The same builder.</returns>
    public static IHttpClientBuilder AddShadowRedirection(this IHttpClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        EnsureClusternetClient(builder);
        return builder.AddHttpMessageHandler(provider =>
            ShadowRedirection.ForShadow(new Uri(KubeconfigLoader.Load(provider.GetRequiredService<IOptions<ClusternetClientOptions>>().Value).Host)));
    }

    private static void EnsureClusternetClient(IHttpClientBuilder builder)
    {
        if (builder.Name != ClusternetClientServiceCollectionExtensions.HttpClientName)
        {
            throw new InvalidOperationException("Call this on the builder AddClusternetClient returns.");
        }
    }
}
