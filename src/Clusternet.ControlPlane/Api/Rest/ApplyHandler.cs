using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Patching.Apply;
using Clusternet.ControlPlane.Validation;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// Server-side apply: <c>PATCH</c> with <c>application/apply-patch+yaml</c>. The applied configuration is merged into
/// the live object for its <c>fieldManager</c> (conflicts with other managers are 409 unless <c>force=true</c>); an
/// absent object is created (201). A <c>metadata.resourceVersion</c> in the configuration is a precondition.
/// </summary>
internal sealed class ApplyHandler(ApiServices services, UpdateHandler updates, CreateHandler creates, CustomResourceDefinitionLifecycle definitions)
{
    private const int Attempts = 8;

    public async Task HandleAsync(ResourceRequest request)
    {
        var manager = request.Query("fieldManager");
        if (string.IsNullOrEmpty(manager))
        {
            // kube-apiserver validates PatchOptions and answers with their Invalid Status.
            throw new StatusException(InvalidStatus.Create(
                "meta.k8s.io",
                "PatchOptions",
                string.Empty,
                [new FieldError(FieldErrorType.Required, "fieldManager", null, "is required for apply patch")]));
        }

        var body = await RequestBody.ReadAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);
        JsonObject applied;
        try
        {
            applied = RequestBody.ParseYaml(body) as JsonObject ?? throw ResourceErrors.BadRequest("the applied configuration is not an object");
        }
        catch (Exception e) when (e is not StatusException)
        {
            throw ResourceErrors.BadRequest("error decoding YAML: " + e.Message);
        }

        var name = JsonFields.String(applied, "metadata", "name");
        if (!string.IsNullOrEmpty(name) && name != request.Name)
        {
            throw ResourceErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({request.Name})");
        }

        ObjectMetadata.Of(applied)["name"] = request.Name;
        CreateHandler.ApplyNamespace(request, ObjectMetadata.Of(applied));
        applied["apiVersion"] ??= request.Resource.GroupVersion;
        applied["kind"] ??= request.Resource.Kind;
        var force = request.Query("force") == "true";
        var lookup = FieldManagement.LookupFor(request.Resource, definitions);

        for (var attempt = 1; ; attempt++)
        {
            if (request.Info.Subresource is null
                && await services.Store.GetAsync(request.Key, request.Aborted).ConfigureAwait(false) is null)
            {
                var created = ServerSideApply.Apply(null, applied, manager, force, lookup, services.Time);
                try
                {
                    var stored = await creates.CreateAsync(request, created, trackFields: false).ConfigureAwait(false);
                    await ObjectResponse.WriteAsync(request.Context, request.ForResponse(stored), StatusCodes.Status201Created).ConfigureAwait(false);
                    return;
                }
                catch (StatusException e) when (e.Status.Reason == "AlreadyExists" && attempt < Attempts)
                {
                    continue; // created meanwhile: apply to it instead
                }
            }

            try
            {
                var updated = await updates.UpdateAsync(
                    request,
                    current =>
                    {
                        var merged = ServerSideApply.Apply(current, applied, manager, force, lookup, services.Time);
                        FieldValidation.Check(request, services, merged);
                        return merged;
                    },
                    retry: true,
                    fieldsTracked: true).ConfigureAwait(false);
                await ObjectResponse.WriteAsync(request.Context, request.ForResponse(updated)).ConfigureAwait(false);
                return;
            }
            catch (StatusException e) when (e.Status.Code == 404 && request.Info.Subresource is null && attempt < Attempts)
            {
                // deleted meanwhile: create it
            }
        }
    }
}
