using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Storage;
using k8s.Models;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Refuses new objects in a namespace that does not exist (404, as kube-apiserver's NamespaceLifecycle
/// plugin words it) or that is being deleted (403, with a <c>NamespaceTerminating</c> cause).
/// </summary>
internal sealed class NamespaceLifecycle(IObjectStore store) : IAdmissionPlugin
{
    /// <summary>The storage key of namespaces: the resource alone for the core group, as the REST handlers store them.</summary>
    public const string NamespacesResource = "namespaces";

    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        request.Operation == AdmissionOperation.Create
        && request.Resource.Namespaced
        && !string.IsNullOrEmpty(request.Namespace);

    /// <inheritdoc />
    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var ns = request.Namespace!;
        var namespaceObject = await store.GetAsync(new StorageKey(NamespacesResource, null, ns), cancellationToken).ConfigureAwait(false);
        if (namespaceObject is null)
        {
            throw StatusException.Create(404, "NotFound", "namespaces \"" + ns + "\" not found",
                new V1StatusDetails { Name = ns, Group = string.Empty, Kind = "namespaces" });
        }

        if (IsTerminating(namespaceObject))
        {
            var resource = request.Resource.Group.Length == 0 ? request.Resource.Resource : request.Resource.Resource + "." + request.Resource.Group;
            var name = AdmissionJson.NameOf(request.Object);
            var reason = "unable to create new content in namespace " + ns + " because it is being terminated";
            var message = name.Length == 0 ? resource + " is forbidden: " + reason : resource + " \"" + name + "\" is forbidden: " + reason;
            throw StatusException.Create(403, "Forbidden", message, new V1StatusDetails
            {
                Name = name,
                Group = request.Resource.Group,
                Kind = request.Resource.Resource,
                Causes =
                [
                    new V1StatusCause { Reason = "NamespaceTerminating", Message = "namespace " + ns + " is being terminated", Field = "metadata.namespace" },
                ],
            });
        }
    }

    private static bool IsTerminating(JsonObject ns) =>
        ns["metadata"] is JsonObject metadata && metadata["deletionTimestamp"] is not null
        || AdmissionJson.String(ns["status"] as JsonObject, "phase") == "Terminating";
}
