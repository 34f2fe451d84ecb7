using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authorization;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>What every streaming pod subresource (exec, attach, portforward) checks before it upgrades.</summary>
internal static class PodConnectRequest
{
    /// <summary>
    /// Refuses verbs other than the connect ones (get for GET, create for POST), then, for a GET, asks for create as well:
    /// a WebSocket GET opens streams into the pod all the same (kube's AuthorizePodWebsocketUpgradeCreatePermission).
    /// </summary>
    public static async Task AuthorizeAsync(ApiServices services, ResourceRequest request)
    {
        if (request.Info.Verb is not ("get" or "create"))
        {
            throw ResourceErrors.MethodNotAllowed(request.Info.Verb);
        }

        if (request.Info.Verb == "get")
        {
            var context = request.Context;
            await services.Security.Authorization.AuthorizeAsync(
                AuthorizationAttributes.ForResource(RequestUser.Get(context), request.Info with { Verb = "create" }, context.Request.Path.Value ?? string.Empty),
                request.Aborted).ConfigureAwait(false);
        }
    }

    /// <summary>The pod the request names, or 404.</summary>
    public static async Task<V1Pod> ReadPodAsync(ApiServices services, ResourceRequest request)
    {
        var stored = await services.Store.GetAsync(request.Key, request.Aborted).ConfigureAwait(false)
            ?? throw ResourceErrors.NotFound(request.Resource, request.Name);
        return KubernetesJson.Deserialize<V1Pod>(stored.ToJsonString());
    }
}
