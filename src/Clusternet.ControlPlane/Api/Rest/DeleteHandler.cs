using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// DELETE of an object and of a collection. An object with finalizers is only marked (deletionTimestamp,
/// deletionGracePeriodSeconds 0) and stays until an update removes the last finalizer. The body
/// (DeleteOptions) may be empty (client-node, then the query string may carry the options) or carry preconditions
/// and a propagationPolicy, which becomes a GC finalizer when the garbage collector runs (see
/// <see cref="DeletionPropagation"/>). A namespace's first DELETE only marks it Terminating.
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
        var selection = ReadHandler.Select(request);
        var listed = await services.Store.ListAsync(
            request.StorageResource,
            request.Namespace,
            new ListRequest { Predicate = selection.Predicate, Name = selection.Name },
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
        var isNamespace = resource.Group.Length == 0 && resource.Resource == "namespaces";
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
                if (isNamespace && !ObjectMetadata.IsDeleting(current))
                {
                    // The first DELETE of a namespace only starts its termination; the namespace controller empties it and
                    // finalizes it, and its last DELETE (spec.finalizers empty) removes it.
                    var terminating = MarkDeleting(current, Finalizers(resource, current, options), gracePeriod: false);
                    StatusOf(terminating)["phase"] = "Terminating";
                    return request.DryRun ? terminating : await services.Store.UpdateAsync(key, terminating, version, request.Aborted).ConfigureAwait(false);
                }

                if (isNamespace && JsonFields.Array(current, "spec", "finalizers").Count > 0)
                {
                    return current;
                }

                var finalizers = Finalizers(resource, current, options);
                if ((finalizers?.Count ?? ObjectMetadata.Finalizers(current).Count) > 0)
                {
                    if (ObjectMetadata.IsDeleting(current) && finalizers is null)
                    {
                        return current;
                    }

                    var marked = MarkDeleting(current, finalizers, gracePeriod: !isNamespace);
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

    // The GC finalizers this delete asks for; none when the server runs without a garbage collector, as kube-apiserver
    // with garbage collection disabled does not add them.
    private List<string>? Finalizers(ServedResource resource, JsonObject current, DeleteOptions options) =>
        services.Settings.GarbageCollection
            ? DeletionPropagation.Finalizers(resource, current, options.PropagationPolicy, options.OrphanDependents)
            : null;

    private JsonObject MarkDeleting(JsonObject current, List<string>? finalizers, bool gracePeriod)
    {
        var marked = current.DeepClone().AsObject();
        var metadata = ObjectMetadata.Of(marked);
        if (finalizers is not null)
        {
            if (finalizers.Count == 0)
            {
                metadata.Remove("finalizers");
            }
            else
            {
                metadata["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]);
            }
        }

        if (!ObjectMetadata.IsDeleting(marked))
        {
            metadata["deletionTimestamp"] = ObjectMetadata.Timestamp(services.Time.GetUtcNow());
            if (gracePeriod)
            {
                metadata["deletionGracePeriodSeconds"] = 0;
            }
        }

        return marked;
    }

    private static JsonObject StatusOf(JsonObject obj)
    {
        if (obj["status"] is JsonObject status)
        {
            return status;
        }

        status = new JsonObject();
        obj["status"] = status;
        return status;
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
        var queryPolicy = request.Query("propagationPolicy");
        var queryOrphan = request.Query("orphanDependents") is { } orphanText && bool.TryParse(orphanText, out var parsed) ? parsed : (bool?)null;
        if (bytes.Length == 0)
        {
            return Validated(new DeleteOptions(null, queryPolicy, queryOrphan));
        }

        var body = RequestBody.ParseJson(bytes) as JsonObject;
        if (body is not null && JsonFields.Array(body, "dryRun").Any(v => v?.GetValue<string>() == "All"))
        {
            request.Context.Request.QueryString = request.Context.Request.QueryString.Add("dryRun", "All");
        }

        var orphan = body?["orphanDependents"] is JsonValue orphanValue && orphanValue.TryGetValue<bool>(out var bodyOrphan) ? bodyOrphan : queryOrphan;
        return Validated(new DeleteOptions(JsonFields.Object(body, "preconditions"), JsonFields.String(body, "propagationPolicy") ?? queryPolicy, orphan));
    }

    // kube-apiserver refuses both fields at once and any policy it does not know, with 422 Invalid.
    private static DeleteOptions Validated(DeleteOptions options)
    {
        if (options.PropagationPolicy is { } policy && policy is not ("Orphan" or "Background" or "Foreground"))
        {
            throw Invalid($"DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Unsupported value: \"{policy}\": supported values: \"Foreground\", \"Background\", \"Orphan\", \"nil\"");
        }

        if (options.PropagationPolicy is not null && options.OrphanDependents is not null)
        {
            throw Invalid("DeleteOptions.meta.k8s.io \"\" is invalid: propagationPolicy: Invalid value: \"" + options.PropagationPolicy + "\": orphanDependents and deletionPropagation cannot be both set");
        }

        return options;
    }

    private static StatusException Invalid(string message) =>
        StatusException.Create(422, "Invalid", message, new k8s.Models.V1StatusDetails { Group = "meta.k8s.io", Kind = "DeleteOptions", Name = string.Empty });

    private sealed record DeleteOptions(JsonObject? Preconditions, string? PropagationPolicy = null, bool? OrphanDependents = null);
}
