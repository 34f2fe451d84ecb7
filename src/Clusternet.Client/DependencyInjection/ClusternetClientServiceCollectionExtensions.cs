using Clusternet.Clients;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Registers the Clusternet client: a configured <see cref="Kubernetes"/> whose delegating handlers come
/// from the <see cref="IHttpClientFactory"/> named client <see cref="HttpClientName"/> (a resilience handler
/// by default, plus any handler you add to the returned builder), and typed clients over it.
/// </summary>
/// <remarks>
/// KubernetesClient builds its own primary handler from the kubeconfig (CA, client certificate,
/// skip-verify), so only the delegating handlers of the named client are taken from the factory's
/// configuration; they run in the order the builder lists them, outermost first.
/// </remarks>
public static class ClusternetClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="IHttpClientFactory"/> client whose delegating handlers the <see cref="Kubernetes"/> instance gets.</summary>
    public const string HttpClientName = "Clusternet.Client";

    /// <summary>The name of the resilience handler added to that client.</summary>
    public const string ResiliencePipelineKey = "Clusternet.Client";

    /// <summary>
    /// Registers the client with options bound from the <c>Clusternet:Client</c> section of the container's
    /// <see cref="IConfiguration"/> (when one is registered).
    /// </summary>
    /// <param name="services">The container.</param>
    /// <returns>The builder of the named HTTP client, to add delegating handlers (<c>AddHttpMessageHandler</c>).</returns>
    public static IHttpClientBuilder AddClusternetClient(this IServiceCollection services)
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
    /// <returns>The builder of the named HTTP client, to add delegating handlers.</returns>
    public static IHttpClientBuilder AddClusternetClient(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);
        services.AddOptions<ClusternetClientOptions>().Bind(section);
        return AddCore(services);
    }

    /// <summary>Registers the client with options set by <paramref name="configure"/>.</summary>
    /// <param name="services">The container.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The builder of the named HTTP client, to add delegating handlers.</returns>
    public static IHttpClientBuilder AddClusternetClient(this IServiceCollection services, Action<ClusternetClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<ClusternetClientOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        var http = services.AddHttpClient(HttpClientName);
        if (!services.Any(d => d.ServiceType == typeof(ClusternetClientMarker)))
        {
            services.AddSingleton<ClusternetClientMarker>();
            http.AddResilienceHandler(ResiliencePipelineKey, static (builder, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<ClusternetClientOptions>>().Value.Resilience;
                if (options.Enabled)
                {
                    ConfigureResilience(builder, options);
                }
            });
        }

        services.TryAddSingleton(static provider =>
        {
            var options = provider.GetRequiredService<IOptions<ClusternetClientOptions>>().Value;
            return new Kubernetes(KubeconfigLoader.Load(options), DelegatingHandlersOf(provider, HttpClientName));
        });
        services.TryAddSingleton<IKubernetes>(static provider => provider.GetRequiredService<Kubernetes>());
        services.TryAddSingleton(static provider => new ResourceClientFactory(
            provider.GetRequiredService<Kubernetes>(),
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()));
        services.TryAdd(ServiceDescriptor.Singleton(typeof(IResourceClient<,>), typeof(RegisteredResourceClient<,>)));
        services.TryAddSingleton(static provider => new ClusternetClient(provider.GetRequiredService<Kubernetes>()));
        return http;
    }

    /// <summary>
    /// Runs the named client's handler configuration (what <c>AddHttpMessageHandler</c> and
    /// <c>AddResilienceHandler</c> registered) and returns the delegating handlers it produced, new instances
    /// for this one <see cref="Kubernetes"/> (a delegating handler cannot serve two clients).
    /// </summary>
    private static DelegatingHandler[] DelegatingHandlersOf(IServiceProvider provider, string name)
    {
        var builder = provider.GetRequiredService<HttpMessageHandlerBuilder>();
        builder.Name = name;
        foreach (var configure in provider.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(name).HttpMessageHandlerBuilderActions)
        {
            configure(builder);
        }

        return [.. builder.AdditionalHandlers];
    }

    // Marks that the default handlers were added, so a second AddClusternetClient call does not stack them.
    private sealed class ClusternetClientMarker;

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
