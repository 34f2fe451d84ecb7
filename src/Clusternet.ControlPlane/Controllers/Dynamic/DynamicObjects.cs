using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Controllers.Dynamic;

/// <summary>
/// Objects of any resource as JSON through the loopback client's custom-object calls, which address the core group
/// (<c>/api/v1</c>) as well as named groups, so one code path serves built-in kinds and CRDs alike.
/// </summary>
internal static class DynamicObjects
{
    public static async Task<JsonObject> ListAsync(IKubernetes client, ApiResource resource, string? ns, CancellationToken cancellationToken)
    {
        var result = ns is null
            ? await client.CustomObjects.ListClusterCustomObjectAsync(resource.Group, resource.Version, resource.Resource, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Resource, cancellationToken: cancellationToken).ConfigureAwait(false);
        return ToJson(result);
    }

    /// <summary>The object, or null when it does not exist.</summary>
    public static async Task<JsonObject?> GetAsync(IKubernetes client, ApiResource resource, string? ns, string name, CancellationToken cancellationToken)
    {
        try
        {
            var result = ns is null || !resource.Namespaced
                ? await client.CustomObjects.GetClusterCustomObjectAsync(resource.Group, resource.Version, resource.Resource, name, cancellationToken).ConfigureAwait(false)
                : await client.CustomObjects.GetNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Resource, name, cancellationToken).ConfigureAwait(false);
            return ToJson(result);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Deletes the object if it still has <paramref name="uid"/>; false when it is already gone or replaced.</summary>
    public static async Task<bool> DeleteAsync(IKubernetes client, ApiResource resource, string? ns, string name, string? uid, string? propagationPolicy, CancellationToken cancellationToken)
    {
        var options = new V1DeleteOptions
        {
            PropagationPolicy = propagationPolicy,
            Preconditions = uid is null ? null : new V1Preconditions { Uid = uid },
        };
        try
        {
            if (ns is null || !resource.Namespaced)
            {
                await client.CustomObjects.DeleteClusterCustomObjectAsync(resource.Group, resource.Version, resource.Resource, name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.CustomObjects.DeleteNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Resource, name, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    /// <summary>A JSON merge patch; false when the object is gone or changed since <paramref name="patch"/> was computed (its resourceVersion).</summary>
    public static async Task<bool> MergePatchAsync(IKubernetes client, ApiResource resource, string? ns, string name, JsonObject patch, CancellationToken cancellationToken)
    {
        var body = new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch);
        try
        {
            if (ns is null || !resource.Namespaced)
            {
                await client.CustomObjects.PatchClusterCustomObjectAsync(body, resource.Group, resource.Version, resource.Resource, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.CustomObjects.PatchNamespacedCustomObjectAsync(body, resource.Group, resource.Version, ns, resource.Resource, name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.Conflict)
        {
            return false;
        }
    }

    public static JsonObject ToJson(object? result) => result switch
    {
        JsonElement element => JsonNode.Parse(element.GetRawText())!.AsObject(),
        JsonObject obj => obj,
        null => new JsonObject(),
        _ => JsonNode.Parse(KubernetesJson.Serialize(result))!.AsObject(),
    };
}
