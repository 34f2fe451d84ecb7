using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Controllers.Namespaces;

/// <summary>
/// The conditions a Terminating namespace reports, with kube-controller-manager's types, reasons and message shapes
/// (tools such as <c>kubectl describe</c> and scripts waiting on namespaces read them).
/// </summary>
internal static class NamespaceConditions
{
    public static async Task<V1Namespace> UpdateAsync(IKubernetes client, V1Namespace ns, DeletionProgress progress, DateTime now, CancellationToken cancellationToken)
    {
        V1NamespaceCondition Condition(string type, string status, string reason, string message) =>
            new() { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = now };

        var wanted = new List<V1NamespaceCondition>
        {
            progress.DiscoveryError is { } discovery
                ? Condition("NamespaceDeletionDiscoveryFailure", "True", "DiscoveryFailed", "Discovery failed for some groups: " + discovery)
                : Condition("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
            Condition("NamespaceDeletionGroupVersionParsingFailure", "False", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
            progress.Failures.Count > 0
                ? Condition("NamespaceDeletionContentFailure", "True", "ContentDeletionFailed", "Failed to delete all resource types, " + progress.Failures.Count + " remaining: " + string.Join(", ", progress.Failures))
                : Condition("NamespaceDeletionContentFailure", "False", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
            progress.Remaining.Count > 0
                ? Condition("NamespaceContentRemaining", "True", "SomeResourcesRemain", "Some resources are remaining: " + string.Join(", ", progress.Remaining.Select(r => r.Resource + " has " + r.Count + " resource instances")))
                : Condition("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"),
            progress.Finalizers.Count > 0
                ? Condition("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", "Some content in the namespace has finalizers remaining: " + string.Join(", ", progress.Finalizers.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + " in " + f.Value + " resource instances")))
                : Condition("NamespaceFinalizersRemaining", "False", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
        };

        var current = ns.Status?.Conditions ?? [];
        var merged = new List<V1NamespaceCondition>();
        var changed = false;
        foreach (var condition in wanted)
        {
            var existing = current.FirstOrDefault(c => c.Type == condition.Type);
            if (existing is not null && existing.Status == condition.Status && existing.Reason == condition.Reason && existing.Message == condition.Message)
            {
                merged.Add(existing);
                continue;
            }

            changed = true;
            if (existing is not null && existing.Status == condition.Status)
            {
                condition.LastTransitionTime = existing.LastTransitionTime; // the status did not flip, only the detail
            }

            merged.Add(condition);
        }

        merged.AddRange(current.Where(c => wanted.All(w => w.Type != c.Type)));
        if (!changed && ns.Status?.Phase == "Terminating")
        {
            return ns;
        }

        ns.Status ??= new V1NamespaceStatus();
        ns.Status.Phase = "Terminating";
        ns.Status.Conditions = merged;
        return await client.CoreV1.ReplaceNamespaceStatusAsync(ns, ns.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
