using Clusternet.Clients;
using Clusternet.Known;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// Create-or-correct for RBAC objects, as upstream's Ensure helpers: an existing object is rewritten only when it
/// carries <c>clusternet.io/autoupdate: "true"</c> (so an administrator can pin a hand-edited one by removing it).
/// </summary>
internal static class RbacObjects
{
    public static async Task EnsureClusterRoleAsync(ClusterResources parent, V1ClusterRole desired, CancellationToken cancellationToken, bool force = false)
    {
        var client = parent.ClusterRoles();
        try
        {
            await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await client.GetAsync(desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if ((force || AutoUpdates(existing.Metadata)) && !ClusterPermissions.SameRules(existing.Rules, desired.Rules))
            {
                existing.Rules = desired.Rules;
                await client.UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task EnsureRoleAsync(ClusterResources parent, V1Role desired, CancellationToken cancellationToken)
    {
        var client = parent.Roles(desired.Metadata.NamespaceProperty);
        try
        {
            await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await client.GetAsync(desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if (AutoUpdates(existing.Metadata) && !ClusterPermissions.SameRules(existing.Rules, desired.Rules))
            {
                existing.Rules = desired.Rules;
                await client.UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task EnsureClusterRoleBindingAsync(ClusterResources parent, V1ClusterRoleBinding desired, CancellationToken cancellationToken)
    {
        var client = parent.ClusterRoleBindings();
        try
        {
            await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await client.GetAsync(desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if (!AutoUpdates(existing.Metadata))
            {
                return;
            }

            if (existing.RoleRef.Name != desired.RoleRef.Name || existing.RoleRef.Kind != desired.RoleRef.Kind)
            {
                // roleRef is immutable: replace the binding.
                await client.DeleteAsync(existing.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else if (!SameSubjects(existing.Subjects, desired.Subjects))
            {
                existing.Subjects = desired.Subjects;
                await client.UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public static async Task EnsureRoleBindingAsync(ClusterResources parent, V1RoleBinding desired, CancellationToken cancellationToken)
    {
        var client = parent.RoleBindings(desired.Metadata.NamespaceProperty);
        try
        {
            await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await client.GetAsync(desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if (!AutoUpdates(existing.Metadata))
            {
                return;
            }

            if (existing.RoleRef.Name != desired.RoleRef.Name || existing.RoleRef.Kind != desired.RoleRef.Kind)
            {
                await client.DeleteAsync(existing.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else if (!SameSubjects(existing.Subjects, desired.Subjects))
            {
                existing.Subjects = desired.Subjects;
                await client.UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Deletes the ClusterRoleBinding and ClusterRole of one name; absent is fine.</summary>
    public static async Task DeleteClusterGrantAsync(ClusterResources parent, string name, CancellationToken cancellationToken)
    {
        foreach (var delete in new Func<Task>[]
                 {
                     () => parent.ClusterRoleBindings().DeleteAsync(name, cancellationToken: cancellationToken),
                     () => parent.ClusterRoles().DeleteAsync(name, cancellationToken: cancellationToken),
                 })
        {
            try
            {
                await delete().ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
            }
        }
    }

    /// <summary>Labels and annotation upstream puts on the RBAC objects the controller manager owns.</summary>
    public static V1ObjectMeta Metadata(string name, string? @namespace, string? clusterId)
    {
        var labels = new Dictionary<string, string>
        {
            [ClusternetLabels.ClusterBootstrapping] = ClusternetLabelValues.RbacDefaults,
            [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.ControllerManagerName,
        };
        if (clusterId is not null)
        {
            labels[ClusternetLabels.ClusterId] = clusterId;
        }

        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            Labels = labels,
            Annotations = new Dictionary<string, string> { [ClusternetAnnotations.AutoUpdate] = "true" },
        };
    }

    private static bool AutoUpdates(V1ObjectMeta metadata) =>
        metadata.Annotations?.TryGetValue(ClusternetAnnotations.AutoUpdate, out var value) == true && value == "true";

    private static bool SameSubjects(IList<Rbacv1Subject>? left, IList<Rbacv1Subject>? right) =>
        (left ?? []).Select(Key).SequenceEqual((right ?? []).Select(Key), StringComparer.Ordinal);

    private static string Key(Rbacv1Subject subject) => $"{subject.Kind}/{subject.NamespaceProperty}/{subject.Name}";
}
