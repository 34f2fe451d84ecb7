using System.Globalization;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Patching;
using Clusternet.ControlPlane.Selectors;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// The <c>scale</c> subresource (get, PUT, patch) as an <c>autoscaling/v1 Scale</c>: built-in workloads map it onto
/// <c>spec.replicas</c>, <c>status.replicas</c> and <c>spec.selector</c>; a custom resource onto the paths its
/// definition's scale subresource names. Writes go through the update path, so they bump <c>generation</c> and
/// honour a <c>metadata.resourceVersion</c> in the Scale as a precondition.
/// </summary>
internal sealed class ScaleHandler(ApiServices services, UpdateHandler updates, CustomResourceDefinitionLifecycle definitions)
{
    public async Task GetAsync(ResourceRequest request)
    {
        var current = await services.Store.GetAsync(request.Key, request.Aborted).ConfigureAwait(false)
            ?? throw ResourceErrors.NotFound(request.Resource, request.Name);
        await ObjectResponse.WriteAsync(request.Context, ToScale(request.Resource, current)).ConfigureAwait(false);
    }

    public async Task PutAsync(ResourceRequest request)
    {
        var scale = await RequestBody.ReadObjectAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);
        var name = JsonFields.String(scale, "metadata", "name");
        if (!string.IsNullOrEmpty(name) && name != request.Name)
        {
            throw ResourceErrors.BadRequest($"the name of the object ({name}) does not match the name on the URL ({request.Name})");
        }

        var conditional = JsonFields.String(scale, "metadata", "resourceVersion") is { Length: > 0 };
        var stored = await updates.UpdateAsync(request, current => FromScale(request.Resource, current, scale), retry: !conditional).ConfigureAwait(false);
        await ObjectResponse.WriteAsync(request.Context, ToScale(request.Resource, stored)).ConfigureAwait(false);
    }

    public async Task PatchAsync(ResourceRequest request)
    {
        var mediaType = RequestBody.MediaType(request.Context.Request);
        var body = await RequestBody.ReadAsync(request.Context, services.Settings.MaxRequestBodyBytes).ConfigureAwait(false);

        // A Scale has no lists, so a strategic merge patch of it is a merge patch.
        Func<JsonObject, JsonNode?> patch = mediaType switch
        {
            "application/json-patch+json" => JsonPatch.Parse(body).Apply,
            "application/merge-patch+json" or "application/strategic-merge-patch+json" => scale => MergePatch.Apply(scale, body),
            _ => throw StatusException.Create(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json"),
        };
        var stored = await updates.UpdateAsync(
            request,
            current =>
            {
                var patched = patch(ToScale(request.Resource, current)) as JsonObject ?? throw ResourceErrors.BadRequest("the patch did not produce an object");
                return FromScale(request.Resource, current, patched);
            },
            retry: true).ConfigureAwait(false);
        await ObjectResponse.WriteAsync(request.Context, ToScale(request.Resource, stored)).ConfigureAwait(false);
    }

    private JsonObject ToScale(ServedResource resource, JsonObject obj)
    {
        var paths = PathsOf(resource);
        var metadata = ObjectMetadata.Of(obj);
        var scaleMetadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (metadata[field] is { } fieldValue)
            {
                scaleMetadata[field] = fieldValue.DeepClone();
            }
        }

        var spec = new JsonObject();
        if (Read(obj, paths.SpecReplicas) is var desired and not 0)
        {
            spec["replicas"] = desired; // omitted at zero, as autoscaling/v1 serializes it
        }

        var status = new JsonObject { ["replicas"] = Read(obj, paths.StatusReplicas) };
        var selector = paths.Selector is null
            ? ToSelectorString(obj)
            : At(obj, paths.Selector) is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (!string.IsNullOrEmpty(selector))
        {
            status["selector"] = selector;
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMetadata,
            ["spec"] = spec,
            ["status"] = status,
        };
    }

    private JsonObject FromScale(ServedResource resource, JsonObject current, JsonObject scale)
    {
        var replicas = scale["spec"]?["replicas"] is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (replicas < 0)
        {
            throw new StatusException(Validation.InvalidStatus.Create(
                "autoscaling",
                "Scale",
                JsonFields.String(current, "metadata", "name") ?? string.Empty,
                [new Validation.FieldError(Validation.FieldErrorType.Invalid, "spec.replicas", JsonValue.Create(replicas), "must be greater than or equal to 0")]));
        }

        Write(current, PathsOf(resource).SpecReplicas, replicas);
        if (JsonFields.String(scale, "metadata", "resourceVersion") is { Length: > 0 } version)
        {
            ObjectMetadata.Of(current)["resourceVersion"] = version; // checked against the stored one by the update
        }

        return current;
    }

    private (string[] SpecReplicas, string[] StatusReplicas, string[]? Selector) PathsOf(ServedResource resource)
    {
        if (resource.DefinedBy is null)
        {
            return (["spec", "replicas"], ["status", "replicas"], null);
        }

        var scale = FieldManagement.VersionOf(resource, definitions)?.Subresources?.Scale ?? throw ResourceErrors.ResourceNotFound();
        return (Split(scale.SpecReplicasPath), Split(scale.StatusReplicasPath), scale.LabelSelectorPath is { Length: > 0 } selector ? Split(selector) : []);
    }

    // A built-in workload's selector is a LabelSelector object; the Scale carries it in its string form.
    private static string? ToSelectorString(JsonObject obj) =>
        obj["spec"]?["selector"] is JsonObject selector ? LabelSelector.FromObject(selector).ToString() : null;

    private static string[] Split(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);

    private static JsonNode? At(JsonObject obj, string[] path)
    {
        JsonNode? node = obj;
        foreach (var segment in path)
        {
            node = (node as JsonObject)?[segment];
        }

        return path.Length == 0 ? null : node;
    }

    private static long Read(JsonObject obj, string[] path) =>
        At(obj, path) is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0;

    private static void Write(JsonObject obj, string[] path, long value)
    {
        var node = obj;
        foreach (var segment in path[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                child = new JsonObject();
                node[segment] = child;
            }

            node = child;
        }

        node[path[^1]] = value;
    }
}
