using k8s.Models;

namespace Clusternet.ControlPlane.Patching.Apply;

/// <summary>One field an apply would have taken from another manager.</summary>
/// <param name="Manager">How kube-apiserver names the owner: <c>"kubectl"</c> for an applier,
/// <c>"kubectl-edit" using apps/v1</c> for an updater.</param>
/// <param name="Field">The field in kube-apiserver's path notation, such as <c>.spec.replicas</c>.</param>
public sealed record ApplyConflict(string Manager, string Field);

/// <summary>
/// An apply without <c>force</c> that would change fields other managers own to other values; answered with 409
/// <c>Conflict</c> and one <c>FieldManagerConflict</c> cause per field, from which kubectl prints its advice to use
/// <c>--force-conflicts</c>.
/// </summary>
public sealed class ApplyConflictException : Exception
{
    /// <summary>The cause type kube-apiserver gives each conflicting field.</summary>
    public const string CauseType = "FieldManagerConflict";

    /// <summary>Creates the exception for the given conflicts, grouped by manager in the order given.</summary>
    /// <param name="conflicts">The conflicts, at least one.</param>
    public ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts)
        : base(MessageFor(conflicts))
    {
        Conflicts = conflicts;
    }

    /// <summary>Every conflicting field with its owner.</summary>
    public IReadOnlyList<ApplyConflict> Conflicts { get; }

    /// <summary>The HTTP status code, 409.</summary>
    public int Code => 409;

    /// <summary>The <c>Status</c> reason, <c>Conflict</c>.</summary>
    public string Reason => "Conflict";

    /// <summary>Builds the <c>Failure</c> status kube-apiserver sends for these conflicts.</summary>
    /// <returns>The status, with the causes in <c>details.causes</c>.</returns>
    public V1Status ToStatus() => new()
    {
        ApiVersion = "v1",
        Kind = "Status",
        Metadata = new V1ListMeta(),
        Status = "Failure",
        Message = Message,
        Reason = Reason,
        Details = new V1StatusDetails
        {
            Causes = [.. Conflicts.Select(c => new V1StatusCause { Reason = CauseType, Message = "conflict with " + c.Manager, Field = c.Field })],
        },
        Code = Code,
    };

    // One conflict reads "Apply failed with 1 conflict: conflict with "m": .spec.replicas"; several are listed under
    // their managers, one "- <field>" line each.
    private static string MessageFor(IReadOnlyList<ApplyConflict> conflicts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(conflicts.Count);
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].Field}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(c => c.Manager))
        {
            lines.Add($"conflicts with {group.Key}:");
            lines.AddRange(group.Select(c => "- " + c.Field));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
