using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// Create-or-correct for RBAC objects, as upstream's Ensure helpers: an existing object is rewritten only when it
/// carries <c>clusternet.io/autoupdate: "true"</c> (so an administrator can pin a hand-edited one by removing it).
/// </summary>
internal static class RbacObjects
{
    public static Task EnsureClusterRoleAsync(ClusterResources parent, V1ClusterRole desired, CancellationToken cancellationToken, bool force = false) =>
        EnsureRulesAsync(parent.ClusterRoles(), desired, r => r.Rules, (r, rules) => r.Rules = rules, force, cancellationToken);

    public static Task EnsureRoleAsync(ClusterResources parent, V1Role desired, CancellationToken cancellationToken) =>
        EnsureRulesAsync(parent.Roles(desired.Metadata.NamespaceProperty), desired, r => r.Rules, (r, rules) => r.Rules = rules, force: false, cancellationToken);

    public static Task EnsureClusterRoleBindingAsync(ClusterResources parent, V1ClusterRoleBinding desired, CancellationToken cancellationToken) =>
        EnsureBindingAsync(parent.ClusterRoleBindings(), desired, b => b.RoleRef, b => b.Subjects, (b, subjects) => b.Subjects = subjects, cancellationToken);

    public static Task EnsureRoleBindingAsync(ClusterResources parent, V1RoleBinding desired, CancellationToken cancellationToken) =>
        EnsureBindingAsync(parent.RoleBindings(desired.Metadata.NamespaceProperty), desired, b => b.RoleRef, b => b.Subjects, (b, subjects) => b.Subjects = subjects, cancellationToken);

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

    /// <summary>Creates a role; an existing one gets the desired rules when it auto-updates (or <paramref name="force"/>).</summary>
    private static async Task EnsureRulesAsync<T, TList>(
        IResourceClient<T, TList> client, T desired, Func<T, IList<V1PolicyRule>?> rules, Action<T, IList<V1PolicyRule>?> setRules, bool force, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        try
        {
            await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await client.GetAsync(desired.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if ((force || AutoUpdates(existing.Metadata)) && !ClusterPermissions.SameRules(rules(existing), rules(desired)))
            {
                setRules(existing, rules(desired));
                await client.UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Creates a binding; an existing one that auto-updates gets the desired subjects, or is replaced when its roleRef
    /// differs (roleRef is immutable).
    /// </summary>
    private static async Task EnsureBindingAsync<T, TList>(
        IResourceClient<T, TList> client, T desired, Func<T, V1RoleRef> roleRef, Func<T, IList<Rbacv1Subject>?> subjects, Action<T, IList<Rbacv1Subject>?> setSubjects, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
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

            if (roleRef(existing).Name != roleRef(desired).Name || roleRef(existing).Kind != roleRef(desired).Kind)
            {
                await client.DeleteAsync(existing.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
                await client.CreateAsync(desired, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            else if (!SameSubjects(subjects(existing), subjects(desired)))
            {
                setSubjects(existing, subjects(desired));
                await client.UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool AutoUpdates(V1ObjectMeta metadata) =>
        metadata.Annotations?.TryGetValue(ClusternetAnnotations.AutoUpdate, out var value) == true && value == "true";

    private static bool SameSubjects(IList<Rbacv1Subject>? left, IList<Rbacv1Subject>? right) =>
        (left ?? []).Select(Key).SequenceEqual((right ?? []).Select(Key), StringComparer.Ordinal);

    private static string Key(Rbacv1Subject subject) => $"{subject.Kind}/{subject.NamespaceProperty}/{subject.Name}";
}
