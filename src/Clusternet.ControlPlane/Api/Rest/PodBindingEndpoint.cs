using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// <c>POST pods/&lt;name&gt;/binding</c>, how a scheduler assigns a pod: the Binding's <c>target</c> (a Node) becomes the
/// pod's <c>spec.nodeName</c>, its annotations are added to the pod's, and the pod gains <c>PodScheduled=True</c>. A pod
/// already assigned, or being deleted, is a 409 Conflict, so two schedulers cannot both bind it. The answer is a
/// <c>Success</c> Status, as kube-apiserver's.
/// </summary>
internal sealed class PodBindingEndpoint(IObjectStore store, TimeProvider time, long maxRequestBodyBytes) : ICreateOnlyEndpoint
{
    public string Group => string.Empty;

    public string Resource => "pods";

    public string? Subresource => "binding";

    public async Task HandleAsync(ResourceRequest request)
    {
        var binding = await RequestBody.ReadObjectAsync(request.Context, maxRequestBodyBytes).ConfigureAwait(false);
        var metadata = binding["metadata"] as JsonObject;
        var name = JsonFields.String(metadata, "name");
        if (!string.IsNullOrEmpty(name) && name != request.Name)
        {
            throw ResourceErrors.BadRequest("name in URL does not match name in Binding object");
        }

        if (JsonFields.String(metadata, "namespace") is { Length: > 0 } ns && ns != request.Namespace)
        {
            throw ResourceErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var target = binding["target"] as JsonObject;
        var node = JsonFields.String(target, "name");
        if (string.IsNullOrEmpty(node))
        {
            throw StatusException.Create(422, "Invalid", $"Binding.core \"{request.Name}\" is invalid: target.name: Required value", new V1StatusDetails
            {
                Name = request.Name,
                Group = string.Empty,
                Kind = "Binding",
                Causes = [new V1StatusCause { Reason = "FieldValueRequired", Message = "Required value", Field = "target.name" }],
            });
        }

        if (JsonFields.String(target, "kind") is { Length: > 0 } kind && kind != "Node")
        {
            throw StatusException.Create(422, "Invalid", $"Binding.core \"{request.Name}\" is invalid: target.kind: Unsupported value: \"{kind}\": supported values: \"Node\"");
        }

        if (!request.DryRun)
        {
            await BindAsync(request, node, metadata?["annotations"] as JsonObject).ConfigureAwait(false);
        }

        var status = new V1Status { ApiVersion = "v1", Kind = "Status", Metadata = new V1ListMeta(), Status = "Success", Code = 201 };
        await ObjectResponse.WriteAsync(request.Context, StatusWriter.ToJson(status), 201).ConfigureAwait(false);
    }

    private async Task BindAsync(ResourceRequest request, string node, JsonObject? annotations)
    {
        var key = new StorageKey("pods", request.Namespace, request.Name);
        var now = ObjectMetadata.Timestamp(time.GetUtcNow());
        await store.GuaranteedUpdateAsync(key, pod =>
        {
            if (pod is null)
            {
                throw ResourceErrors.NotFound(request.Resource, request.Name);
            }

            var metadata = ObjectMetadata.Of(pod);
            if (metadata["deletionTimestamp"] is not null)
            {
                throw Conflict(request, $"pod {request.Name} is being deleted, cannot be assigned to a host");
            }

            var spec = pod["spec"] as JsonObject ?? [];
            pod["spec"] = spec;
            if (JsonFields.String(spec, "nodeName") is { Length: > 0 } assigned)
            {
                throw Conflict(request, $"pod {request.Name} is already assigned to node \"{assigned}\"");
            }

            spec["nodeName"] = node;
            if (annotations is { Count: > 0 })
            {
                var existing = metadata["annotations"] as JsonObject ?? [];
                metadata["annotations"] = existing;
                foreach (var (k, v) in annotations)
                {
                    existing[k] = v?.DeepClone();
                }
            }

            var status = pod["status"] as JsonObject ?? [];
            pod["status"] = status;
            var conditions = status["conditions"] as JsonArray ?? [];
            status["conditions"] = conditions;
            var scheduled = conditions.OfType<JsonObject>().FirstOrDefault(c => JsonFields.String(c, "type") == "PodScheduled");
            if (scheduled is null)
            {
                conditions.Add(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True", ["lastProbeTime"] = null, ["lastTransitionTime"] = now });
            }
            else
            {
                scheduled["status"] = "True";
                scheduled.Remove("reason");
                scheduled.Remove("message");
                scheduled["lastTransitionTime"] = now;
            }

            return pod;
        }, request.Aborted).ConfigureAwait(false);
    }

    private static StatusException Conflict(ResourceRequest request, string message) =>
        StatusException.Create(409, "Conflict", $"Operation cannot be fulfilled on pods \"{request.Name}\": {message}", new V1StatusDetails { Name = request.Name, Kind = "pods" });
}
