using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>The <c>scale</c> subresource: an <c>autoscaling/v1 Scale</c> view of the template's <c>spec.replicas</c>.</summary>
internal sealed partial class ShadowApi
{
    private async Task GetScaleAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var (manifest, _) = await ResolveAsync(path, resource, null, cancellationToken).ConfigureAwait(false);
        await WriteAsync(context, HttpStatusCode.OK, Scale(ShadowTemplates.ToObject(manifest, resource)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUT or PATCH of the Scale: the new <c>spec.replicas</c> goes into the template; no dry run (as upstream).</summary>
    private async Task UpdateScaleAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var body = await ShadowBodies.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var (manifest, manifestName) = await ResolveAsync(path, resource, null, cancellationToken).ConfigureAwait(false);
        var current = Scale(ShadowTemplates.ToObject(manifest, resource));
        var scale = HttpMethods.IsPatch(context.Request.Method)
            ? ShadowPatches.Apply(current, body, ShadowBodies.MediaType(context.Request), customResource: false)
            : body as JsonObject ?? throw ShadowStatus.BadRequest("the request body must be a Scale");
        var replicas = scale["spec"]?["replicas"]?.GetValue<long>() ?? 0;

        var updated = (JsonObject)manifest.DeepClone();
        var template = updated["template"] as JsonObject ?? throw ShadowStatus.BadRequest("the stored template is empty");
        var spec = template["spec"] as JsonObject ?? new JsonObject();
        spec["replicas"] = replicas;
        template["spec"] = spec;
        if (scale["metadata"]?["resourceVersion"]?.GetValue<string>() is { Length: > 0 } resourceVersion)
        {
            ShadowTemplates.Metadata(updated)["resourceVersion"] = resourceVersion;
        }

        var response = await parent.SendAsync(HttpMethod.Put, $"{ManifestsPath}/{manifestName}{WriteQuery(context.Request)}", updated, cancellationToken).ConfigureAwait(false);
        var stored = Translate(response, resource, path.Name!);
        await WriteAsync(context, HttpStatusCode.OK, Scale(ShadowTemplates.ToObject(stored, resource)), cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Scale(JsonObject obj)
    {
        var metadata = new JsonObject();
        foreach (var field in (string[])["name", "namespace", "uid", "resourceVersion", "creationTimestamp"])
        {
            if (obj["metadata"]?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
        }

        return new JsonObject
        {
            ["apiVersion"] = "autoscaling/v1",
            ["kind"] = "Scale",
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = obj["spec"]?["replicas"]?.DeepClone() ?? 0 },
            ["status"] = new JsonObject { ["replicas"] = obj["status"]?["replicas"]?.DeepClone() ?? 0 },
        };
    }
}
