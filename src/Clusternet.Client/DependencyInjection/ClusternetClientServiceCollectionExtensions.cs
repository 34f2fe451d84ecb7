using Clusternet.Clients;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Clusternet client: a configured <see cref="Kubernetes"/> with a resilience handler, and typed clients over it.</summary>
public static class ClusternetClientServiceCollectionExtensions
{
    /// <summary>The key of the HTTP resilience pipeline in Polly's registry.</summary>
    public const string ResiliencePipelineKey = "Clusternet.Client";

    /// <summary>
    /// Registers the client with options bound from the <c>Clusternet:Client</c> section of the container's
    /// <see cref="IConfiguration"/> (when one is registered).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <returns>The container, for chaining.</returns>
    public static IServiceCollection AddClusternetClient(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ClusternetClientOptions>()
            .Configure<IServiceProvider>((options, provider) =>
                provider.GetService<IConfiguration>()?.GetSection(ClusternetClientOptions.DefaultSectionName).Bind(options));
        return AddCore(services);
    }

    /// <summary>Registers the client with options bound from <paramref name="section"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="section">The configuration section holding <see cref="ClusternetClientOptions"/>.</param>
    /// <returns>The container, for chaining.</returns>
    public static IServiceCollection AddClusternetClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ClusternetClientOptions>().Bind(section);
        return AddCore(services);
    }

    /// <summary>Registers the client with options set by <paramref name="configure"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The container, for chaining.</returns>
    public static IServiceCollection AddClusternetClient(this IServiceCollection services, Action<ClusternetClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClusternetClientOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddResiliencePipeline<string, HttpResponseMessage>(ResiliencePipelineKey, static (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<ClusternetClientOptions>>().Value.Resilience;
            ConfigureResilience(builder, options);
        });

        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<ClusternetClientOptions>>().Value;
            var configuration = KubeconfigLoader.Load(options);
            if (!options.Resilience.Enabled)
            {
                return new Kubernetes(configuration);
            }

            // One handler per Kubernetes instance: a DelegatingHandler cannot be shared between HttpClients.
            var pipeline = provider.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline<HttpResponseMessage>(ResiliencePipelineKey);
            return new Kubernetes(configuration, new ResilienceHandler(pipeline));
        });
        services.TryAddSingleton<IKubernetes>(static provider => provider.GetRequiredService<Kubernetes>());
        services.TryAddSingleton(static provider => new ResourceClientFactory(
            provider.GetRequiredService<Kubernetes>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IResourceClient<,>), typeof(RegisteredResourceClient<,>)));
        services.TryAddSingleton(static provider => new ClusternetClient(provider.GetRequiredService<Kubernetes>()));
        return services;
    }

    /// <summary>
    /// Retry (reads only, honouring Retry-After), then circuit breaker, then a per-attempt timeout, the order of
    /// the standard HTTP resilience handler: each retry gets a fresh attempt timeout, and the breaker sees every attempt.
    /// </summary>
    private static void ConfigureResilience(ResiliencePipelineBuilder<HttpResponseMessage> builder, ClusternetClientResilienceOptions options)
    {
        if (options.MaxRetryAttempts > 0)
        {
            var retry = new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.BaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = true,
            };

            // POST, PUT, PATCH and DELETE may have reached the server before failing: never repeat them.
            retry.DisableForUnsafeHttpMethods();
            builder.AddRetry(retry);
        }

        if (options.CircuitBreaker)
        {
            builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions());
        }

        if (options.AttemptTimeout > TimeSpan.Zero)
        {
            builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        }
    }
}
