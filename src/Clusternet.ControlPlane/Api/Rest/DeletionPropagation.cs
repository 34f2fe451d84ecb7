using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// How a DELETE hands dependents to the garbage collector, as kube-apiserver's generic store does: an Orphan
/// propagation puts the <c>orphan</c> finalizer on the owner (the collector strips the owner's reference from
/// dependents, then the finalizer), a Foreground propagation puts <c>foregroundDeletion</c> (the collector deletes
/// the blocking dependents first, then the finalizer), and Background (the default for most kinds) deletes the owner
/// at once and lets the collector find the dependents dangling afterwards.
/// </summary>
internal static class DeletionPropagation
{
    /// <summary>The finalizer that makes the collector orphan the dependents before the owner goes.</summary>
    public const string OrphanFinalizer = "orphan";

    /// <summary>The finalizer that keeps the owner until the collector has deleted its blocking dependents.</summary>
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// The metadata.finalizers the object should carry for this delete, or null when they stay as they are.
    /// <paramref name="propagationPolicy"/> and <paramref name="orphanDependents"/> come from DeleteOptions; without
    /// either, a GC finalizer already present decides, and then the kind's default.
    /// </summary>
    public static List<string>? Finalizers(ServedResource resource, JsonObject current, string? propagationPolicy, bool? orphanDependents)
    {
        var existing = ObjectMetadata.Finalizers(current).Select(f => f?.ToString() ?? string.Empty).ToList();
        var orphan = ShouldOrphan(resource, existing, propagationPolicy, orphanDependents);
        var foreground = ShouldDeleteDependentsFirst(existing, propagationPolicy, orphanDependents);
        var wanted = existing.Where(f => f is not (OrphanFinalizer or ForegroundFinalizer)).ToList();
        if (orphan)
        {
            wanted.Add(OrphanFinalizer);
        }

        if (foreground)
        {
            wanted.Add(ForegroundFinalizer);
        }

        return wanted.ToHashSet(StringComparer.Ordinal).SetEquals(existing) ? null : wanted;
    }

    private static bool ShouldOrphan(ServedResource resource, List<string> existing, string? propagationPolicy, bool? orphanDependents)
    {
        if (orphanDependents is { } explicitOrphan)
        {
            return explicitOrphan;
        }

        switch (propagationPolicy)
        {
            case "Orphan":
                return true;
            case "Background" or "Foreground":
                return false;
        }

        foreach (var finalizer in existing)
        {
            switch (finalizer)
            {
                case OrphanFinalizer:
                    return true;
                case ForegroundFinalizer:
                    return false;
            }
        }

        return OrphansByDefault(resource);
    }

    private static bool ShouldDeleteDependentsFirst(List<string> existing, string? propagationPolicy, bool? orphanDependents)
    {
        if (orphanDependents is not null)
        {
            return false;
        }

        switch (propagationPolicy)
        {
            case "Foreground":
                return true;
            case "Background" or "Orphan":
                return false;
        }

        foreach (var finalizer in existing)
        {
            switch (finalizer)
            {
                case ForegroundFinalizer:
                    return true;
                case OrphanFinalizer:
                    return false;
            }
        }

        return false;
    }

    // For backward compatibility kube-apiserver orphans by default what batch/v1 Jobs and core/v1 ReplicationControllers
    // own (kubectl always sends an explicit policy, so it is not affected); every other kind deletes in the background.
    private static bool OrphansByDefault(ServedResource resource) =>
        resource.Version == "v1" && (resource.Group, resource.Resource) is ("batch", "jobs") or ("", "replicationcontrollers");
}
