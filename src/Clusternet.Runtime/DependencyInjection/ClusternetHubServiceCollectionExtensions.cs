using Clusternet.Runtime.Hub;
using Clusternet.Runtime.Hub.Peering;
using Clusternet.Runtime.Hub.Shadow;
using Clusternet.Runtime.Tunnel;
using k8s;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yarp.ReverseProxy.Forwarder;

namespace Clusternet.Runtime.DependencyInjection;

/// <summary>Registers the Clusternet hub in an ASP.NET Core application.</summary>
public static class ClusternetHubServiceCollectionExtensions
{
    /// <summary>
    /// Adds the hub: the agents' tunnel endpoint, the sockets proxy, discovery and delegated authentication and
    /// authorization against the parent cluster, plus a hosted service that starts it. Serve it with
    /// <see cref="ClusternetHubEndpointRouteBuilderExtensions.MapClusternetHub"/> on an HTTPS listener that asks for client
    /// certificates (<see cref="ClusternetHubHttpsOptionsExtensions.AllowClusternetHubClientCertificates"/>). The
    /// tunnel server is registered as a singleton <see cref="RemoteDialerServer"/>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the hub's options.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddClusternetHub(this IServiceCollection services, Action<ClusternetHubOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ClusternetHubOptions();
        configure?.Invoke(options);
        services.AddHttpForwarder();
        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => new RemoteDialerServer(logger: sp.GetService<ILogger<RemoteDialerServer>>()));
        services.TryAddSingleton(_ => new HubParent(new Kubernetes(ParentConfiguration(options))));
        services.TryAddSingleton(sp => new ChildHttpClients(sp.GetRequiredService<RemoteDialerServer>(), options));
        services.TryAddSingleton(sp =>
        {
            var parent = sp.GetRequiredService<HubParent>().Client;
            var logger = (ILogger?)sp.GetService<ILogger<ClusternetHub>>() ?? NullLogger.Instance;
            var proxy = new SocketProxy(parent, sp.GetRequiredService<RemoteDialerServer>(), sp.GetRequiredService<IHttpForwarder>(), sp.GetRequiredService<ChildHttpClients>(), options, logger);
            var peering = options.Peering is { } peeringOptions
                ? new HubPeering(
                    sp.GetRequiredService<HubParent>().Client,
                    sp.GetRequiredService<RemoteDialerServer>(),
                    peeringOptions,
                    options.TimeProvider,
                    sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
                    logger)
                : null;
            return new ClusternetHub(
                new HubAuthenticator(parent, options, logger),
                new HubAuthorizer(parent, options),
                sp.GetRequiredService<RemoteDialerServer>(),
                proxy,
                sp.GetServices<HubApiGroup>(),
                peering,
                logger);
        });
        services.AddHostedService(sp => new ClusternetHubHostedService(
            sp.GetRequiredService<ClusternetHub>(), sp.GetRequiredService<HubParent>().Client, options, sp.GetRequiredService<ILogger<ClusternetHub>>()));

        if (options.ShadowApi)
        {
            // The shadow API mounts as a HubApiGroup: the hub authenticates and authorizes each request before calling it.
            services.TryAddSingleton(sp => new ShadowApi(
                sp.GetRequiredService<HubParent>().Client,
                options.ReservedNamespace,
                sp.GetService<ILogger<ShadowApi>>() ?? NullLogger<ShadowApi>.Instance));
            services.AddSingleton(sp =>
            {
                var shadow = sp.GetRequiredService<ShadowApi>();
                return new HubApiGroup("shadow", "v1alpha1", shadow.StartAsync, shadow.HandleAsync, shadow.ResourceList);
            });
        }

        return services;
    }

    private static KubernetesClientConfiguration ParentConfiguration(ClusternetHubOptions options) =>
        options.ParentConfiguration
        ?? (options.KubeconfigPath is { Length: > 0 } path
            ? KubernetesClientConfiguration.BuildConfigFromConfigFile(path)
            : KubernetesClientConfiguration.InClusterConfig());
}
