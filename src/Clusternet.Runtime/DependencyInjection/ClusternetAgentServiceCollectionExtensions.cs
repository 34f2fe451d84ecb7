using Clusternet.Runtime.Agent;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Clusternet agent.</summary>
public static class ClusternetAgentServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ClusternetAgent"/> as a singleton (read its <see cref="ClusternetAgent.Status"/> for health) and as a
    /// hosted service, configured by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the parent URL, bootstrap token, child configuration and anything else.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddClusternetAgent(this IServiceCollection services, Action<ClusternetAgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.TryAddSingleton(sp =>
        {
            var options = new ClusternetAgentOptions();
            configure(options);
            return new ClusternetAgent(options, sp.GetService<ILoggerFactory>());
        });
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<ClusternetAgent>());
        return services;
    }
}
