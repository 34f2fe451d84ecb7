using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// DELETE of an object and of a collection. An object with finalizers is only marked (deletionTimestamp,
/// deletionGracePeriodSeconds 0) and stays until an update removes the last finalizer. The body
/// (DeleteOptions) may be empty (client-node) or carry preconditions and a propagationPolicy (accepted; there is
/// no garbage collector to propagate to).
/// </summary>
internal sealed class DeleteHandler(ApiServices services, CustomResourceDefinitionLifecycle definitions)
{
    public async Task DeleteAsync(ResourceRequest request)
    {
        if (request.Info.Subresource is not null)
        {
            throw ResourceErrors.MethodNotAllowed("delete");
        }

        var options = await ReadOptionsAsync(request).ConfigureAwait(false);
        var result = await DeleteOneAsync(request, request.Key, options).ConfigureAwait(false);
        await ObjectResponse.WriteAsync(request.Context, request.ForResponse(result)).ConfigureAwait(false);
    }

    public async Task DeleteCollectionAsync(ResourceRequest request)
    {
        var options = await ReadOptionsAsync(request).ConfigureAwait(false);
        var listed = await services.Store.ListAsync(
            request.StorageResource,
            request.Namespace,
            new ListRequest { Predicate = ReadHandler.Predicate(request) },
            request.Aborted).ConfigureAwait(false);
        var deleted = new JsonArray();
        foreach (var item in listed.Items)
        {
            var key = new StorageKey(request.StorageResource, JsonFields.String(item, "metadata", "namespace"), JsonFields.String(item, "metadata", "name") ?? string.Empty);
            try
            {
                deleted.Add(request.ForResponse(await DeleteOneAsync(request, key, options with { Preconditions = null }).ConfigureAwait(false)).DeepClone());
            }
            catch (StatusException e) when (e.Status.Code == 404)
            {
                // deleted concurrently
            }
        }

        var list = new JsonObject
        {
            ["kind"] = request.Resource.Kind + "List",
            ["apiVersion"] = request.Resource.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = services.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
        await ObjectResponse.WriteAsync(request.Context, list).ConfigureAwait(false);
    }

    private async Task<JsonObject> DeleteOneAsync(ResourceRequest request, StorageKey key, DeleteOptions options)
    {
        var resource = request.Resource;
        var name = key.Name;
        for (var attempt = 1; ; attempt++)
        {
            var current = await services.Store.GetAsync(key, request.Aborted).ConfigureAwait(false)
                ?? throw ResourceErrors.NotFound(resource, name);
            CheckPreconditions(resource, name, current, options.Preconditions);
            await services.AdmitAsync(
                new AdmissionRequest(resource, null, AdmissionOperation.Delete, key.Namespace, current, current, request.DryRun) { User = Security.RequestUser.Get(request.Context) },
                request.Aborted).ConfigureAwait(false);
            var version = StoredVersion.Of(current);
            try
            {
                if (ObjectMetadata.Finalizers(current).Count > 0)
                {
                    if (ObjectMetadata.IsDeleting(current))
                    {
                        return current;
                    }

                    var marked = current.DeepClone().AsObject();
                    var metadata = ObjectMetadata.Of(marked);
                    metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(services.Time.GetUtcNow());
                    metadata["deletionGracePeriodSeconds"] = 0;
                    return request.DryRun ? marked : await services.Store.UpdateAsync(key, marked, version, request.Aborted).ConfigureAwait(false);
                }

                if (request.DryRun)
                {
                    return current;
                }

                var deleted = await services.Store.DeleteAsync(key, new DeletePreconditions(version), request.Aborted).ConfigureAwait(false);
                if (CustomResourceDefinitionLifecycle.IsDefinition(resource))
                {
                    await definitions.RemoveAsync(deleted, request.Aborted).ConfigureAwait(false);
                }
                else if (resource.Group.Length == 0 && resource.Resource == "namespaces")
                {
                    await DeleteContentsAsync(name, request.Aborted).ConfigureAwait(false);
                }

                return deleted;
            }
            catch (StorageConflictException) when (attempt < 8)
            {
                // written in between; check again against the new state
            }
            catch (StorageException e)
            {
                throw ResourceErrors.FromStorage(resource, name, e);
            }
        }
    }

    /// <summary>A deleted namespace takes its objects with it (kube-apiserver's namespace controller does this asynchronously).</summary>
    private async Task DeleteContentsAsync(string ns, CancellationToken cancellationToken)
    {
        foreach (var storageResource in services.Catalog.Resources.Where(r => r.Namespaced).Select(ResourceRequest.StorageResourceOf).Distinct())
        {
            var objects = await services.Store.ListAsync(storageResource, ns, new ListRequest(), cancellationToken).ConfigureAwait(false);
            foreach (var obj in objects.Items)
            {
                try
                {
                    await services.Store.DeleteAsync(new StorageKey(storageResource, ns, JsonFields.String(obj, "metadata", "name") ?? string.Empty), null, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageNotFoundException)
                {
                    // already gone
                }
            }
        }
    }

    private static void CheckPreconditions(ServedResource resource, string name, JsonObject current, JsonObject? preconditions)
    {
        if (preconditions is null)
        {
            return;
        }

        if (JsonFields.String(preconditions, "uid") is { Length: > 0 } uid && JsonFields.String(current, "metadata", "uid") is var actualUid && uid != actualUid)
        {
            throw ResourceErrors.PreconditionFailed(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {actualUid}");
        }

        if (JsonFields.String(preconditions, "resourceVersion") is { Length: > 0 } rv && JsonFields.String(current, "metadata", "resourceVersion") is var actualRv && rv != actualRv)
        {
            throw ResourceErrors.PreconditionFailed(resource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {actualRv}");
        }
    }

    private async Task<DeleteOptions> ReadOptionsAsync(ResourceRequest request)
    {
        var bytes = await RequestBody.ReadAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);
        if (bytes.Length == 0)
        {
            return new DeleteOptions(null);
        }

        var body = RequestBody.ParseJson(bytes) as JsonObject;
        if (body is not null && JsonFields.Array(body, "dryRun").Any(v => v?.GetValue<string>() == "All"))
        {
            request.Context.Request.QueryString = request.Context.Request.QueryString.Add("dryRun", "All");
        }

        return new DeleteOptions(JsonFields.Object(body, "preconditions"));
    }

    private sealed record DeleteOptions(JsonObject? Preconditions);
}
