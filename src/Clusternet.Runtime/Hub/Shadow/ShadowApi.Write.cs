using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.Known;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>create, update, patch, delete and deletecollection: writes of Manifests, validated by the parent's dry run.</summary>
internal sealed partial class ShadowApi
{
    private const string ManifestsGroupResource = "manifests.apps.clusternet.io";

    private async Task CreateAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(context.Request, resource, cancellationToken).ConfigureAwait(false);
        var metadata = ShadowTemplates.Metadata(body);
        CheckNamespace(body, path, resource);
        var labels = metadata["labels"] as JsonObject ?? new JsonObject();
        labels[ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.HubName;
        metadata["labels"] = labels;

        var template = await ValidateAsync(context.Request, ShadowTemplates.ForCreate(body), resource, path.Namespace, keepUid: null, cancellationToken).ConfigureAwait(false);
        var name = ShadowTemplates.Name(template);
        var manifestName = ShadowTemplates.ManifestName(resource, path.Namespace, name);
        var legacy = await parent.SendAsync(HttpMethod.Get, $"{ManifestsPath}/{ShadowTemplates.LegacyManifestName(resource, path.Namespace, name)}", null, cancellationToken).ConfigureAwait(false);
        if (legacy.IsSuccess)
        {
            throw ShadowStatus.AlreadyExists(resource, name);
        }

        var manifest = ShadowTemplates.NewManifest(resource, template, reservedNamespace, manifestName);
        var created = await parent.SendAsync(HttpMethod.Post, ManifestsPath + WriteQuery(context.Request), manifest, cancellationToken).ConfigureAwait(false);
        var stored = Translate(created, resource, name);
        await WriteAsync(context, HttpStatusCode.Created, ShadowTemplates.ToObject(stored, resource), cancellationToken).ConfigureAwait(false);
    }

    private async Task UpdateAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var body = await ReadObjectAsync(context.Request, resource, cancellationToken).ConfigureAwait(false);
        await ReplaceAsync(context, path, resource, body, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
    }

    private async Task PatchAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var mediaType = ShadowBodies.MediaType(context.Request);
        if (mediaType.StartsWith(ShadowPatches.ApplyPatch, StringComparison.Ordinal))
        {
            ShadowPatches.Apply(new JsonObject(), null, ShadowPatches.ApplyPatch, resource.CustomResource);
        }

        var patch = await ShadowBodies.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var (manifest, _) = await ResolveAsync(path, resource, null, cancellationToken).ConfigureAwait(false);
        var current = ShadowTemplates.ToObject(manifest, resource);
        var patched = ShadowPatches.Apply(current, patch, mediaType, resource.CustomResource);

        // A patch that sets metadata.resourceVersion makes it a precondition, as in kube-apiserver; otherwise the
        // version read here is used, so a concurrent writer in between still yields 409.
        await ReplaceAsync(context, path, resource, patched, HttpStatusCode.OK, cancellationToken, manifest).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores <paramref name="body"/> over the existing Manifest: validated by a dry run (upstream skips it on update),
    /// trimmed, then written with the caller's resourceVersion so a stale one is answered 409.
    /// </summary>
    private async Task ReplaceAsync(
        HttpContext context, ShadowRequestPath path, ShadowResource resource, JsonObject body, HttpStatusCode success, CancellationToken cancellationToken, JsonNode? manifest = null)
    {
        var name = path.Name!;
        if (ShadowTemplates.Name(body) is var bodyName && bodyName.Length > 0 && bodyName != name)
        {
            throw ShadowStatus.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        ShadowTemplates.Metadata(body)["name"] = name;
        CheckNamespace(body, path, resource);
        var resourceVersion = ShadowTemplates.Metadata(body)["resourceVersion"]?.GetValue<string>();
        string manifestName;
        if (manifest is null)
        {
            (manifest, manifestName) = await ResolveAsync(path, resource, null, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            manifestName = manifest["metadata"]!["name"]!.GetValue<string>();
        }

        var storedUid = manifest["template"]?["metadata"]?["uid"]?.GetValue<string>();
        var template = await ValidateAsync(context.Request, ShadowTemplates.ForCreate(body), resource, path.Namespace, storedUid, cancellationToken).ConfigureAwait(false);
        var updated = (JsonObject)manifest.DeepClone();
        ShadowTemplates.SetTemplate(updated, resource, template);
        var manifestMetadata = ShadowTemplates.Metadata(updated);
        manifestMetadata["name"] = manifestName;
        if (!string.IsNullOrEmpty(resourceVersion))
        {
            manifestMetadata["resourceVersion"] = resourceVersion;
        }

        var response = await parent.SendAsync(HttpMethod.Put, $"{ManifestsPath}/{manifestName}{WriteQuery(context.Request)}", updated, cancellationToken).ConfigureAwait(false);
        var stored = Translate(response, resource, name);
        await WriteAsync(context, success, ShadowTemplates.ToObject(stored, resource), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the Manifest (DeleteOptions and preconditions pass through: the object's uid and resourceVersion are the
    /// Manifest's) and answers as kube-apiserver does, with the deleted object — 202 while finalizers hold it — where
    /// upstream answers a Success Status; KubernetesClient's typed deletes of most kinds expect the object.
    /// </summary>
    private async Task DeleteAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var options = await ShadowBodies.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var (_, manifestName) = await ResolveAsync(path, resource, null, cancellationToken).ConfigureAwait(false);
        var query = PassThrough(context.Request, "dryRun", "gracePeriodSeconds", "propagationPolicy", "orphanDependents");
        var response = await parent.SendAsync(HttpMethod.Delete, $"{ManifestsPath}/{manifestName}{query}", options, cancellationToken).ConfigureAwait(false);
        var deleted = Translate(response, resource, path.Name!);
        var body = deleted["kind"]?.GetValue<string>() == "Status" ? deleted : ShadowTemplates.ToObject(deleted, resource);
        await WriteAsync(context, response.StatusCode, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the Manifests the request selects and answers the deleted objects as a <c>&lt;Kind&gt;List</c>, as
    /// kube-apiserver does (upstream answers success and deletes nothing).
    /// </summary>
    private async Task DeleteCollectionAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var options = await ShadowBodies.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        var query = ManifestQuery(context.Request, path, resource, watch: false) + PassThrough(context.Request, "dryRun", "gracePeriodSeconds", "propagationPolicy").Replace('?', '&');
        var deleted = (await parent.SendAsync(HttpMethod.Delete, ManifestsPath + query, options, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        var body = deleted["kind"]?.GetValue<string>() == "Status" ? deleted : ToList(deleted, resource);
        await WriteAsync(context, HttpStatusCode.OK, body, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a template with the parent's own validation and defaulting: a create with <c>dryRun=All</c>, namespaced
    /// kinds moved into the reserved namespace (so the template's namespace need not exist in the parent), a name taken
    /// in the parent dodged with a random suffix. The parent's 4xx Status comes back to the caller as is. Returns the
    /// defaulted object, trimmed of what the parent decided for itself.
    /// </summary>
    private async Task<JsonObject> ValidateAsync(HttpRequest request, JsonObject body, ShadowResource resource, string? @namespace, string? keepUid, CancellationToken cancellationToken)
    {
        var metadata = ShadowTemplates.Metadata(body);
        if (metadata["annotations"]?[ClusternetAnnotations.SkipValidating]?.GetValue<string>() == "true")
        {
            if (ShadowTemplates.Name(body).Length == 0)
            {
                throw ShadowStatus.Invalid(resource, "", "metadata.name", "", "name or generateName is required");
            }

            metadata["uid"] = keepUid ?? Guid.NewGuid().ToString();
            return body;
        }

        var name = ShadowTemplates.Name(body);
        var probe = (JsonObject)body.DeepClone();
        var query = "?dryRun=All" + PassThrough(request, "fieldValidation", "fieldManager").Replace('?', '&');
        for (var attempt = 0; ; attempt++)
        {
            if (resource.Namespaced)
            {
                ShadowTemplates.Metadata(probe)["namespace"] = reservedNamespace;
            }

            var response = await parent.SendAsync(HttpMethod.Post, resource.ParentCollectionPath(reservedNamespace) + query, probe, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Conflict && response.Reason == "AlreadyExists" && name.Length > 0 && attempt < 3)
            {
                ShadowTemplates.Metadata(probe)["name"] = name + ShadowTemplates.RandomSuffix();
                continue;
            }

            var validated = response.EnsureSuccess() as JsonObject ?? throw ShadowStatus.BadRequest("the parent's dry run returned no object");
            var validatedMetadata = ShadowTemplates.Metadata(validated);
            if (name.Length > 0)
            {
                validatedMetadata["name"] = name;
            }

            if (resource.Namespaced)
            {
                validatedMetadata["namespace"] = @namespace;
            }

            if (keepUid is not null)
            {
                validatedMetadata["uid"] = keepUid;
            }

            ShadowTemplates.Trim(validated, resource);
            return validated;
        }
    }

    /// <summary>
    /// The stored Manifest, or the parent's failure about it reworded for the original object: kube-apiserver's messages
    /// name <c>manifests.apps.clusternet.io "deployments.foo.x"</c>; the caller asked about <c>deployments.apps "x"</c>.
    /// </summary>
    private static JsonNode Translate(ParentResponse response, ShadowResource resource, string name)
    {
        if (response.IsSuccess)
        {
            return response.Body ?? new JsonObject();
        }

        switch (response.StatusCode, response.Reason)
        {
            case (HttpStatusCode.NotFound, "NotFound"):
                throw ShadowStatus.NotFound(resource, name);
            case (HttpStatusCode.Conflict, "AlreadyExists"):
                throw ShadowStatus.AlreadyExists(resource, name);
            case (HttpStatusCode.Conflict, _):
                var message = response.Body?["message"]?.GetValue<string>() ?? "";
                var why = message.IndexOf("\": ", StringComparison.Ordinal) is var at and >= 0 ? message[(at + 3)..] : message;
                throw ShadowStatus.Conflict(resource, name, why);
        }

        if (response.Body is JsonObject status && status["message"]?.GetValue<string>() is { } text && text.Contains(ManifestsGroupResource, StringComparison.Ordinal))
        {
            status["message"] = text.Replace(ManifestsGroupResource, resource.GroupResource, StringComparison.Ordinal);
            status["details"] = ShadowStatus.Details(resource, name);
        }

        return response.EnsureSuccess();
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpRequest request, ShadowResource resource, CancellationToken cancellationToken)
    {
        var mediaType = ShadowBodies.MediaType(request);
        if (mediaType is not ("application/json" or "application/yaml"))
        {
            throw ShadowStatus.UnsupportedMediaType($"the body of the request was in an unknown format ({mediaType}) - accepted media types include: application/json, application/yaml");
        }

        if (await ShadowBodies.ReadAsync(request, cancellationToken).ConfigureAwait(false) is not JsonObject body)
        {
            throw ShadowStatus.BadRequest("the request body must be a Kubernetes object");
        }

        var apiVersion = body["apiVersion"]?.GetValue<string>();
        var kind = body["kind"]?.GetValue<string>();
        if ((!string.IsNullOrEmpty(kind) && kind != resource.Kind) || (!string.IsNullOrEmpty(apiVersion) && apiVersion != resource.ApiVersion && !SameGroup(apiVersion, resource)))
        {
            throw ShadowStatus.BadRequest($"the object is a {apiVersion} {kind}, but {resource.Plural} in the shadow API are {resource.ApiVersion} {resource.Kind}");
        }

        // Other versions of the same group are accepted and converted by the parent's dry run, where it converts.
        body["apiVersion"] = string.IsNullOrEmpty(apiVersion) ? resource.ApiVersion : apiVersion;
        body["kind"] = resource.Kind;
        return body;
    }

    private static bool SameGroup(string apiVersion, ShadowResource resource) =>
        (apiVersion.Contains('/') ? apiVersion[..apiVersion.IndexOf('/')] : "") == resource.Group;

    /// <summary>The object's namespace must be the URL's (filled in when empty) and a DNS label; for a Namespace, its name must be.</summary>
    private static void CheckNamespace(JsonObject body, ShadowRequestPath path, ShadowResource resource)
    {
        var metadata = ShadowTemplates.Metadata(body);
        if (resource.Namespaced)
        {
            var own = ShadowTemplates.Namespace(body);
            if (own.Length > 0 && own != path.Namespace)
            {
                throw ShadowStatus.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = path.Namespace;
            if (!ShadowTemplates.IsDnsLabel(path.Namespace!))
            {
                throw ShadowStatus.Invalid(resource, ShadowTemplates.Name(body), "metadata.namespace", path.Namespace!, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
            }
        }
        else
        {
            metadata.Remove("namespace");
            if (resource is { Group: "", Kind: "Namespace" } && ShadowTemplates.Name(body) is { Length: > 0 } name && !ShadowTemplates.IsDnsLabel(name))
            {
                throw ShadowStatus.Invalid(resource, name, "metadata.name", name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character");
            }
        }
    }

    /// <summary>Query parameters of a write that apply to the Manifest write too (a dry-run shadow write stores nothing).</summary>
    private static string WriteQuery(HttpRequest request) => PassThrough(request, "dryRun", "fieldManager");

    private static string PassThrough(HttpRequest request, params string[] names)
    {
        var query = new StringBuilder();
        foreach (var name in names)
        {
            foreach (var value in request.Query[name])
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value ?? ""));
            }
        }

        return query.ToString();
    }
}
