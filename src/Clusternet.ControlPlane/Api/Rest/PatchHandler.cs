using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// PATCH of an object or its /status: JSON patch, merge patch and (built-in kinds only) strategic merge patch,
/// applied to the current state and stored through the same path as an update; server-side apply goes to <see cref="ApplyHandler"/>.
/// </summary>
internal sealed class PatchHandler(ApiServices services, UpdateHandler updates, ApplyHandler applies)
{
    public async Task HandleAsync(ResourceRequest request)
    {
        var mediaType = RequestBody.MediaType(request.Context.Request);
        var resource = request.Resource;
        if (mediaType == "application/apply-patch+yaml")
        {
            await applies.HandleAsync(request).ConfigureAwait(false);
            return;
        }

        if (mediaType == "application/strategic-merge-patch+json"
            && (resource.DefinedBy is not null || !StrategicMergePatch.Supports(resource.Group, resource.Kind)))
        {
            throw StatusException.Create(415, "UnsupportedMediaType", StrategicMergePatch.UnsupportedMessage);
        }

        var body = await RequestBody.ReadAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);
        Func<JsonObject, JsonObject> change = mediaType switch
        {
            "application/json-patch+json" => JsonPatchOf(body),
            "application/merge-patch+json" => current => Guard(() => MergePatch.Apply(current, body)),
            "application/strategic-merge-patch+json" => current => Guard(() => StrategicMergePatch.Apply(current, body, resource.Group, resource.Kind)),
            _ => throw StatusException.Create(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
        };
        var stored = await updates.UpdateAsync(
            request,
            current =>
            {
                var patched = change(current);
                FieldValidation.Check(request, services, patched);
                return patched;
            },
            retry: true).ConfigureAwait(false);
        await ObjectResponse.WriteAsync(request.Context, request.ForResponse(stored)).ConfigureAwait(false);
    }

    private static Func<JsonObject, JsonObject> JsonPatchOf(byte[] body)
    {
        var patch = Guard(() => JsonPatch.Parse(body));
        return current => Guard(() => patch.Apply(current));
    }

    private static JsonObject Guard(Func<JsonNode?> apply) =>
        Guard<JsonNode?>(apply) as JsonObject ?? throw ResourceErrors.BadRequest("the patch did not produce an object");

    private static T Guard<T>(Func<T> apply)
    {
        try
        {
            return apply();
        }
        catch (PatchException e)
        {
            throw new StatusException(e.ToStatus());
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ResourceErrors.BadRequest(e.Message);
        }
    }
}
