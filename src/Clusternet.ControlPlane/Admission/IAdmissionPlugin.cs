using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Admission;

/// <summary>What a write does to an object.</summary>
public enum AdmissionOperation
{
    /// <summary>A new object (POST, or an apply that creates).</summary>
    Create,

    /// <summary>A replacement or patch of an existing object, including status and scale subresources.</summary>
    Update,

    /// <summary>A deletion.</summary>
    Delete,
}

/// <summary>One write on its way to storage, as admission plugins see it.</summary>
/// <param name="Resource">The served resource written to.</param>
/// <param name="Subresource">The subresource (<c>status</c>, <c>scale</c>) or null for the main resource.</param>
/// <param name="Operation">Create, update or delete.</param>
/// <param name="Namespace">The namespace from the URL; null for cluster-scoped resources.</param>
/// <param name="Object">The object to store; mutating plugins change it in place. For a delete, the stored object.</param>
/// <param name="OldObject">The stored object before an update or delete; null on create.</param>
/// <param name="DryRun">True when nothing will be persisted (<c>dryRun=All</c>): plugins must have no side effects.</param>
public sealed record AdmissionRequest(
    ServedResource Resource,
    string? Subresource,
    AdmissionOperation Operation,
    string? Namespace,
    JsonObject Object,
    JsonObject? OldObject,
    bool DryRun)
{
    /// <summary>Who asks for the write (after impersonation); null for the server's own writes.</summary>
    internal Security.UserInfo? User { get; init; }
}

/// <summary>
/// A stage of admission, run in order before an object reaches storage, as kube-apiserver's admission
/// chain: mutating plugins (defaulting: Secret stringData, Service clusterIP, generation, CRD schema
/// defaults) first, then validating ones (namespace existence, CRD structural schema). A plugin refuses a
/// write by throwing <see cref="Api.StatusException"/> (422 Invalid with causes, 404 for a missing
/// namespace, 403 Forbidden, …).
/// </summary>
public interface IAdmissionPlugin
{
    /// <summary>Whether this plugin has anything to do with <paramref name="request"/> (cheap; no I/O).</summary>
    bool Handles(AdmissionRequest request);

    /// <summary>Mutates <see cref="AdmissionRequest.Object"/> in place or throws <see cref="Api.StatusException"/>.</summary>
    ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
