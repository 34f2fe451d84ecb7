using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// PUT of an object or its /status, and the read-modify-write every patch goes through: optimistic concurrency
/// on <c>metadata.resourceVersion</c>, server-owned metadata, admission, and the delete that follows when the
/// last finalizer of a deleting object is removed.
/// </summary>
internal sealed class UpdateHandler(ApiServices services, CustomResourceDefinitionLifecycle definitions)
{
    private const int Attempts = 8;

    public async Task PutAsync(ResourceRequest request)
    {
        var body = await RequestBody.ReadObjectAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);
        var metadata = ObjectMetadata.Of(body);
        var name = JsonFields.String(metadata, "name");
        if (string.IsNullOrEmpty(name))
        {
            metadata["name"] = request.Name;
        }
        else if (name != request.Name)
        {
            throw ResourceErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({request.Name})");
        }

        CreateHandler.ApplyNamespace(request, metadata);
        FieldValidation.Check(request, services, body);

        // Without a resourceVersion the PUT is unconditional: it wins over concurrent writes, as for most built-in kinds.
        var conditional = JsonFields.String(metadata, "resourceVersion") is { Length: > 0 };
        var stored = await UpdateAsync(request, _ => body.DeepClone().AsObject(), retry: !conditional, changeReadsCurrent: false).ConfigureAwait(false);
        await ObjectResponse.WriteAsync(request.Context, request.ForResponse(stored)).ConfigureAwait(false);
    }

    /// <summary>Reads the object, applies <paramref name="change"/> to a private copy and stores the result.</summary>
    /// <param name="request">The request.</param>
    /// <param name="change">Computes the new state from a copy of the current one; may throw a Status.</param>
    /// <param name="retry">Whether a write that lost a race is recomputed (true unless the client named a resourceVersion).</param>
    /// <param name="fieldsTracked">True when <paramref name="change"/> keeps managedFields itself (apply); otherwise the write is recorded as an update.</param>
    /// <param name="changeReadsCurrent">False when <paramref name="change"/> ignores the current state (a PUT replaces it), which spares a copy of it.</param>
    public async Task<JsonObject> UpdateAsync(ResourceRequest request, Func<JsonObject, JsonObject> change, bool retry, bool fieldsTracked = false, bool changeReadsCurrent = true)
    {
        var resource = request.Resource;
        var subresource = request.Info.Subresource;
        for (var attempt = 1; ; attempt++)
        {
            var current = await services.Store.GetAsync(request.Key, request.Aborted).ConfigureAwait(false)
                ?? throw ResourceErrors.NotFound(resource, request.Name);
            var currentVersion = JsonFields.String(current, "metadata", "resourceVersion");
            var updated = change(changeReadsCurrent ? current.DeepClone().AsObject() : current);
            var requestedVersion = JsonFields.String(updated, "metadata", "resourceVersion");
            if (!string.IsNullOrEmpty(requestedVersion) && requestedVersion != currentVersion)
            {
                throw ResourceErrors.Conflict(resource, request.Name);
            }

            if (subresource == "status")
            {
                updated = ObjectMetadata.StatusOnly(updated, current);
            }
            else if (subresource == "finalize")
            {
                updated = NamespaceFinalizers.Only(updated, current);
            }

            updated["apiVersion"] = resource.GroupVersion;
            updated["kind"] = resource.Kind;
            ObjectMetadata.PrepareForUpdate(updated, current, resource, subresource);
            await services.AdmitAsync(
                new AdmissionRequest(resource, subresource, AdmissionOperation.Update, request.Namespace, updated, current, request.DryRun) { User = Security.RequestUser.Get(request.Context) },
                request.Aborted).ConfigureAwait(false);
            var isDefinition = CustomResourceDefinitionLifecycle.IsDefinition(resource);
            if (isDefinition && subresource is null)
            {
                definitions.Validate(updated);
                definitions.SetStatus(updated);
            }

            if (!fieldsTracked)
            {
                updated = FieldManagement.RecordUpdate(request, definitions, current, updated, services.Time);
            }

            var expected = StoredVersion.Of(current);
            try
            {
                if (ObjectMetadata.IsDeleting(updated) && ObjectMetadata.Finalizers(updated).Count == 0 && !NamespaceFinalizers.Pending(resource, updated))
                {
                    // The last finalizer is gone: the pending delete completes now.
                    if (request.DryRun)
                    {
                        return updated;
                    }

                    var deleted = await services.Store.DeleteAsync(request.Key, new DeletePreconditions(expected), request.Aborted).ConfigureAwait(false);
                    if (isDefinition)
                    {
                        await definitions.RemoveAsync(deleted, request.Aborted).ConfigureAwait(false);
                    }

                    return deleted;
                }

                if (request.DryRun)
                {
                    return updated;
                }

                var stored = await services.Store.UpdateAsync(request.Key, updated, expected, request.Aborted).ConfigureAwait(false);
                if (isDefinition)
                {
                    definitions.Serve(stored);
                }

                return stored;
            }
            catch (StorageConflictException) when (retry && attempt < Attempts)
            {
                // another write got in between; recompute from the new state
            }
            catch (StorageException e)
            {
                throw ResourceErrors.FromStorage(resource, request.Name, e);
            }
        }
    }
}
