using Clusternet.Runtime.ControllerManager;
using k8s;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Clusternet controller manager (cluster side) as a hosted service.</summary>
public static class ClusternetControllerManagerServiceCollectionExtensions
{
    /// <summary>
    /// Adds the controller manager: under leader election (Lease <c>clusternet-system/clusternet-controller-manager</c>)
    /// it approves ClusterRegistrationRequests with least-privilege credentials, keeps every ManagedCluster's
    /// readiness and taints from its heartbeats, and optionally registers cluster-api clusters and the parent itself.
    /// </summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options; without <see cref="ClusternetControllerManagerOptions.Parent"/>, the
    /// <see cref="Kubernetes"/> registered by <c>AddClusternetClient</c> is the parent.</param>
    /// <returns>The container.</returns>
    public static IServiceCollection AddClusternetControllerManager(this IServiceCollection services, Action<ClusternetControllerManagerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ClusternetControllerManagerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IHostedService>(static provider =>
        {
            var settings = provider.GetRequiredService<IOptions<ClusternetControllerManagerOptions>>().Value;
            var parent = settings.Parent is { } configuration
                ? new Kubernetes(configuration)
                : provider.GetService<Kubernetes>()
                    ?? throw new InvalidOperationException("The controller manager needs a parent: set ClusternetControllerManagerOptions.Parent or call AddClusternetClient.");
            return new ClusternetControllerManager(parent, settings, provider.GetRequiredService<TimeProvider>(), provider.GetService<ILoggerFactory>());
        });
        return services;
    }
}
