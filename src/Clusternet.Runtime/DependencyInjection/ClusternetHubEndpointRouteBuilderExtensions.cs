using Clusternet.Runtime.Hub;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Clusternet.Runtime.DependencyInjection;

/// <summary>Maps the hub's HTTP endpoints.</summary>
public static class ClusternetHubEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps what the hub serves: <c>/apis</c> and everything below it (discovery, the tunnel endpoint, the sockets
    /// proxy, mounted groups such as <c>shadow/v1alpha1</c>), <c>/version</c>, <c>/healthz</c>, <c>/livez</c> and
    /// <c>/readyz</c>, and <c>/connect</c>, where other hub replicas link when peering is on. Requires <see cref="ClusternetHubServiceCollectionExtensions.AddClusternetHub"/>.
    /// Do not add the WebSockets middleware in front of it: the hub takes upgrades itself.
    /// </summary>
    /// <param name="endpoints">The application's endpoint builder.</param>
    /// <returns>A builder for conventions on all the hub's endpoints.</returns>
    public static IEndpointConventionBuilder MapClusternetHub(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var hub = endpoints.ServiceProvider.GetRequiredService<ClusternetHub>();
        var group = endpoints.MapGroup(string.Empty);
        RequestDelegate handle = hub.HandleAsync;
        foreach (var pattern in (string[])["/apis", "/apis/{**rest}", "/version", "/healthz", "/livez", "/readyz", ClusternetHub.PeerPath])
        {
            group.Map(pattern, handle);
        }

        return group;
    }
}
