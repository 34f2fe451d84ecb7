using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>A request resolved against the catalog: the resource it addresses and its common query parameters.</summary>
internal sealed class ResourceRequest(HttpContext context, RequestInfo info, ServedResource resource)
{
    public HttpContext Context { get; } = context;

    public RequestInfo Info { get; } = info;

    public ServedResource Resource { get; } = resource;

    /// <summary>The namespace the object lives in; null for cluster-scoped resources and all-namespace lists.</summary>
    public string? Namespace => Resource.Namespaced ? Info.Namespace : null;

    public string Name => Info.Name ?? string.Empty;

    /// <summary>Where objects of this resource live in storage: one key space per group and resource, whatever the version.</summary>
    public string StorageResource => StorageResourceOf(Resource);

    public StorageKey Key => new(StorageResource, Namespace, Name);

    public bool DryRun => Context.Request.Query["dryRun"].Any(v => v == "All");

    public string? Query(string name) => Context.Request.Query[name].FirstOrDefault();

    public CancellationToken Aborted => Context.RequestAborted;

    public static string StorageResourceOf(ServedResource resource) =>
        resource.Group.Length == 0 ? resource.Resource : resource.Resource + "." + resource.Group;

    /// <summary>Whether a stored object's bytes are already what this request serves (same apiVersion and kind), so they can be sent as they are.</summary>
    internal bool ServesAsStored(StoreElement element) =>
        element.ApiVersion == Resource.GroupVersion && element.Kind == Resource.Kind;

    /// <summary>The object as this version serves it: stored objects of a multi-version CRD carry the version they were written in.</summary>
    public JsonObject ForResponse(JsonObject stored)
    {
        if (stored["apiVersion"]?.GetValue<string>() == Resource.GroupVersion && stored["kind"]?.GetValue<string>() == Resource.Kind)
        {
            return stored;
        }

        var copy = stored.DeepClone().AsObject();
        copy["apiVersion"] = Resource.GroupVersion;
        copy["kind"] = Resource.Kind;
        return copy;
    }
}
