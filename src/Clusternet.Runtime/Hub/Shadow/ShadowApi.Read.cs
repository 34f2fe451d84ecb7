using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.Known;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>get, list and watch: reads of Manifests, answered in the original kind.</summary>
internal sealed partial class ShadowApi
{
    private static readonly string[] ListQuery = ["resourceVersion", "resourceVersionMatch", "limit", "continue", "timeoutSeconds", "allowWatchBookmarks", "sendInitialEvents"];

    private string ManifestsPath => $"/apis/apps.clusternet.io/v1alpha1/namespaces/{reservedNamespace}/manifests";

    private async Task GetAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var resourceVersion = context.Request.Query["resourceVersion"].ToString();
        var (manifest, _) = await ResolveAsync(path, resource, resourceVersion, cancellationToken).ConfigureAwait(false);
        await WriteAsync(context, HttpStatusCode.OK, ShadowTemplates.ToObject(manifest, resource), cancellationToken).ConfigureAwait(false);
    }

    private async Task ListAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var query = ManifestQuery(context.Request, path, resource, watch: false);
        var list = (await parent.SendAsync(HttpMethod.Get, ManifestsPath + query, null, cancellationToken).ConfigureAwait(false)).EnsureSuccess();
        var result = ToList(list, resource);
        await WriteAsync(context, HttpStatusCode.OK, result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A ManifestList as a <c>&lt;Kind&gt;List</c> of the original apiVersion, with the list's resourceVersion and continue token.</summary>
    private static JsonObject ToList(JsonNode list, ShadowResource resource)
    {
        var metadata = new JsonObject { ["resourceVersion"] = list["metadata"]?["resourceVersion"]?.DeepClone() };
        if (list["metadata"]?["continue"]?.GetValue<string>() is { Length: > 0 } next)
        {
            metadata["continue"] = next;
        }

        var items = (list["items"]?.AsArray() ?? []).OfType<JsonNode>().Select(m => (JsonNode)ShadowTemplates.ToObject(m, resource)).ToArray();
        return new JsonObject
        {
            ["apiVersion"] = resource.ApiVersion,
            ["kind"] = resource.Kind + "List",
            ["metadata"] = metadata,
            ["items"] = new JsonArray(items),
        };
    }

    /// <summary>
    /// A watch of the Manifests behind the request, each event rewritten to the original kind as it arrives (nothing is
    /// buffered). Resuming from a resourceVersion works because the objects carry the Manifests' resourceVersions; a
    /// too-old one ends with the parent's 410 ERROR event, passed through.
    /// </summary>
    private async Task WatchAsync(HttpContext context, ShadowRequestPath path, ShadowResource resource, CancellationToken cancellationToken)
    {
        var query = ManifestQuery(context.Request, path, resource, watch: true);
        using var upstream = await parent.StreamAsync(ManifestsPath + query, cancellationToken).ConfigureAwait(false);
        if (!upstream.IsSuccessStatusCode)
        {
            var text = await upstream.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var status = string.IsNullOrWhiteSpace(text) ? ShadowStatus.Failure(upstream.StatusCode, "InternalError", "the watch failed") : JsonNode.Parse(text)!;
            throw new ShadowException(upstream.StatusCode, status);
        }

        var response = context.Response;
        response.StatusCode = (int)HttpStatusCode.OK;
        response.ContentType = "application/json";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(await upstream.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line) || JsonNode.Parse(line) is not JsonObject watchEvent)
                {
                    continue;
                }

                var rewritten = new JsonObject
                {
                    ["type"] = watchEvent["type"]?.DeepClone(),
                    ["object"] = RewriteEventObject(watchEvent["type"]?.GetValue<string>(), watchEvent["object"], resource),
                };
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(rewritten.ToJsonString() + "\n"), cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            ShadowLog.WatchEnded(logger, resource.GroupResource, "the parent closed the watch");
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            ShadowLog.WatchEnded(logger, resource.GroupResource, exception.GetType().Name);
        }
    }

    /// <summary>
    /// The object of a watch event in the original kind. A BOOKMARK keeps only its resourceVersion and the parent's
    /// annotations (upstream always marks bookmarks <c>k8s.io/initial-events-end</c>; here only the parent's initial-events
    /// bookmark carries it). ERROR events carry a Status and pass unchanged.
    /// </summary>
    private static JsonNode? RewriteEventObject(string? type, JsonNode? manifest, ShadowResource resource)
    {
        if (manifest is null || type == "ERROR")
        {
            return manifest?.DeepClone();
        }

        if (type == "BOOKMARK")
        {
            var metadata = new JsonObject { ["resourceVersion"] = manifest["metadata"]?["resourceVersion"]?.DeepClone() };
            if (manifest["metadata"]?["annotations"] is JsonObject annotations)
            {
                metadata["annotations"] = annotations.DeepClone();
            }

            return new JsonObject { ["apiVersion"] = resource.ApiVersion, ["kind"] = resource.Kind, ["metadata"] = metadata };
        }

        return ShadowTemplates.ToObject(manifest, resource);
    }

    /// <summary>
    /// The query of a Manifest list or watch: the caller's label selector AND the config labels of the kind (group
    /// included, unlike upstream, so two groups' kinds of the same name do not mix) and of the namespace; the field
    /// selectors <c>metadata.name</c> and <c>metadata.namespace</c> become config-label selectors; paging and watch
    /// parameters pass through.
    /// </summary>
    private static string ManifestQuery(HttpRequest request, ShadowRequestPath path, ShadowResource resource, bool watch)
    {
        var selectors = new List<string>
        {
            $"{ClusternetLabels.ConfigGroup}={resource.Group}",
            $"{ClusternetLabels.ConfigKind}={resource.Kind}",
        };
        if (resource.Namespaced && path.Namespace is not null)
        {
            selectors.Add($"{ClusternetLabels.ConfigNamespace}={path.Namespace}");
        }

        if (path.Name is not null)
        {
            selectors.Add($"{ClusternetLabels.ConfigName}={path.Name}");
        }

        foreach (var requirement in request.Query["fieldSelector"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            selectors.Add(FieldRequirement(requirement));
        }

        if (request.Query["labelSelector"].ToString() is { Length: > 0 } labelSelector)
        {
            selectors.Add(labelSelector);
        }

        var query = new StringBuilder("?labelSelector=").Append(Uri.EscapeDataString(string.Join(',', selectors)));
        if (watch)
        {
            query.Append("&watch=true");
        }

        foreach (var name in ListQuery)
        {
            if (request.Query[name].ToString() is { Length: > 0 } value)
            {
                query.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }

        return query.ToString();
    }

    private static string FieldRequirement(string requirement)
    {
        var (op, index) = requirement.IndexOf("!=", StringComparison.Ordinal) is var ne and >= 0 ? ("!=", ne)
            : requirement.IndexOf("==", StringComparison.Ordinal) is var eq and >= 0 ? ("==", eq)
            : ("=", requirement.IndexOf('='));
        if (index <= 0)
        {
            throw ShadowStatus.BadRequest($"invalid field selector \"{requirement}\"");
        }

        var field = requirement[..index].Trim();
        var value = requirement[(index + op.Length)..].Trim();
        var label = field switch
        {
            "metadata.name" => ClusternetLabels.ConfigName,
            "metadata.namespace" => ClusternetLabels.ConfigNamespace,
            _ => throw ShadowStatus.BadRequest($"field label not supported: {field} (the shadow API selects on metadata.name and metadata.namespace only)"),
        };
        return label + (op == "!=" ? "!=" : "=") + value;
    }

    /// <summary>The Manifest behind a named object: upstream's dotted name, else a legacy dashed one; 404 in the original's words otherwise.</summary>
    private async Task<(JsonNode Manifest, string ManifestName)> ResolveAsync(ShadowRequestPath path, ShadowResource resource, string? resourceVersion, CancellationToken cancellationToken)
    {
        var name = path.Name!;
        var query = string.IsNullOrEmpty(resourceVersion) ? "" : "?resourceVersion=" + Uri.EscapeDataString(resourceVersion);
        foreach (var manifestName in new[] { ShadowTemplates.ManifestName(resource, path.Namespace, name), ShadowTemplates.LegacyManifestName(resource, path.Namespace, name) })
        {
            var response = await parent.SendAsync(HttpMethod.Get, $"{ManifestsPath}/{manifestName}{query}", null, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                return (response.EnsureSuccess(), manifestName);
            }
        }

        throw ShadowStatus.NotFound(resource, name);
    }
}
