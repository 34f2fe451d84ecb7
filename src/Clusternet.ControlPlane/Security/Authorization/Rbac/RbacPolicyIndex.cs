using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// The RBAC objects in memory, indexed for decisions: subject (user name, group) → the bindings that name it, each
/// carrying its role reference and the reason string an allow reports; roles by name → their rules. Changes arrive
/// one object at a time from the store's watch and touch only that object's entries.
/// </summary>
/// <remarks>
/// Readers take no lock: the dictionaries are concurrent and every value is an immutable array replaced whole on
/// change (copy-on-write). Writers are serialized. A binding's roleRef is resolved at decision time, so a role change
/// needs no re-indexing and a binding whose role does not exist yet starts to grant as soon as the role appears.
/// A ServiceAccount subject is indexed under its user name <c>system:serviceaccount:ns:name</c>; in a RoleBinding its
/// namespace defaults to the binding's, in a ClusterRoleBinding one without a namespace matches nobody.
/// </remarks>
internal sealed class RbacPolicyIndex
{
    public const string Group = "rbac.authorization.k8s.io";

    private readonly ConcurrentDictionary<string, PolicyRule[]> clusterRoles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Namespace, string Name), PolicyRule[]> roles = new();
    private readonly ConcurrentDictionary<SubjectKey, Grant[]> grants = new();
    private readonly Dictionary<(string? Namespace, string Name), SubjectKey[]> bindingSubjects = [];
    private readonly Lock writes = new();

    /// <summary>What one binding grants to one subject.</summary>
    /// <param name="Namespace">The binding's namespace; null for a ClusterRoleBinding.</param>
    /// <param name="BindingName">The binding's name.</param>
    /// <param name="RoleIsCluster">Whether roleRef names a ClusterRole (else a Role in the binding's namespace).</param>
    /// <param name="RoleName">The role's name.</param>
    /// <param name="Reason">kube's allow reason, built once: <c>RBAC: allowed by ClusterRoleBinding "b" of ClusterRole "r" to User "u"</c>.</param>
    internal sealed record Grant(string? Namespace, string BindingName, bool RoleIsCluster, string RoleName, string Reason);

    /// <summary>An index key: the scope (null = cluster-wide bindings) and a user name or group.</summary>
    internal readonly record struct SubjectKey(string? Namespace, bool IsGroup, string Name);

    /// <summary>The grants indexed under <paramref name="key"/>; empty when none.</summary>
    public Grant[] GrantsFor(SubjectKey key) => grants.TryGetValue(key, out var found) ? found : [];

    /// <summary>The rules of the role a grant references; null when the role does not exist.</summary>
    public PolicyRule[]? RulesOf(Grant grant) =>
        grant.RoleIsCluster
            ? clusterRoles.GetValueOrDefault(grant.RoleName)
            : roles.GetValueOrDefault((grant.Namespace ?? string.Empty, grant.RoleName));

    /// <summary>The rules of a role; null when it does not exist.</summary>
    public PolicyRule[]? RulesOf(bool clusterRole, string? @namespace, string name) =>
        clusterRole ? clusterRoles.GetValueOrDefault(name) : roles.GetValueOrDefault((@namespace ?? string.Empty, name));

    /// <summary>Adds or replaces an object of one of the four RBAC resources (by its storage resource name).</summary>
    public void Upsert(string storageResource, JsonObject obj)
    {
        var ns = JsonFields.String(obj, "metadata", "namespace");
        var name = JsonFields.String(obj, "metadata", "name") ?? string.Empty;
        lock (writes)
        {
            switch (storageResource)
            {
                case RbacResources.ClusterRoles:
                    clusterRoles[name] = PolicyRule.ListFromJson(obj);
                    break;
                case RbacResources.Roles:
                    roles[(ns ?? string.Empty, name)] = PolicyRule.ListFromJson(obj);
                    break;
                case RbacResources.ClusterRoleBindings:
                    RemoveBinding(null, name);
                    AddBinding(null, name, obj);
                    break;
                case RbacResources.RoleBindings:
                    RemoveBinding(ns, name);
                    AddBinding(ns, name, obj);
                    break;
            }
        }
    }

    /// <summary>Forgets an object.</summary>
    public void Remove(string storageResource, string? @namespace, string name)
    {
        lock (writes)
        {
            switch (storageResource)
            {
                case RbacResources.ClusterRoles:
                    clusterRoles.TryRemove(name, out _);
                    break;
                case RbacResources.Roles:
                    roles.TryRemove((@namespace ?? string.Empty, name), out _);
                    break;
                case RbacResources.ClusterRoleBindings:
                    RemoveBinding(null, name);
                    break;
                case RbacResources.RoleBindings:
                    RemoveBinding(@namespace, name);
                    break;
            }
        }
    }

    /// <summary>The names of the objects of a resource held now, for a relist to drop what vanished.</summary>
    public List<(string? Namespace, string Name)> Keys(string storageResource)
    {
        lock (writes)
        {
            return storageResource switch
            {
                RbacResources.ClusterRoles => [.. clusterRoles.Keys.Select(k => ((string?)null, k))],
                RbacResources.Roles => [.. roles.Keys.Select(k => ((string?)k.Namespace, k.Name))],
                RbacResources.ClusterRoleBindings => [.. bindingSubjects.Keys.Where(k => k.Namespace is null)],
                RbacResources.RoleBindings => [.. bindingSubjects.Keys.Where(k => k.Namespace is not null)],
                _ => [],
            };
        }
    }

    private void AddBinding(string? ns, string name, JsonObject binding)
    {
        var roleRef = binding["roleRef"] as JsonObject;
        var roleKind = JsonFields.String(roleRef, "kind") ?? string.Empty;
        var roleName = JsonFields.String(roleRef, "name") ?? string.Empty;
        var isCluster = roleKind == "ClusterRole";
        if (!isCluster && (roleKind != "Role" || ns is null))
        {
            bindingSubjects[(ns, name)] = [];
            return;
        }

        var keys = new List<SubjectKey>();
        var bindingLabel = ns is null ? $"ClusterRoleBinding {GoQuote.String(name)}" : $"RoleBinding {GoQuote.String(name + "/" + ns)}";
        foreach (var subject in JsonFields.Array(binding, "subjects").OfType<JsonObject>())
        {
            var kind = JsonFields.String(subject, "kind");
            var subjectName = JsonFields.String(subject, "name") ?? string.Empty;
            SubjectKey key;
            string described;
            switch (kind)
            {
                case "User":
                    key = new SubjectKey(ns, false, subjectName);
                    described = $"User {GoQuote.String(subjectName)}";
                    break;
                case "Group":
                    key = new SubjectKey(ns, true, subjectName);
                    described = $"Group {GoQuote.String(subjectName)}";
                    break;
                case "ServiceAccount":
                    var saNamespace = JsonFields.String(subject, "namespace") is { Length: > 0 } given ? given : ns;
                    described = $"ServiceAccount {GoQuote.String(subjectName + "/" + saNamespace)}";
                    if (saNamespace is null)
                    {
                        continue;
                    }

                    key = new SubjectKey(ns, false, $"system:serviceaccount:{saNamespace}:{subjectName}");
                    break;
                default:
                    continue;
            }

            var reason = $"RBAC: allowed by {bindingLabel} of {roleKind} {GoQuote.String(roleName)} to {described}";
            var grant = new Grant(ns, name, isCluster, roleName, reason);
            var existing = GrantsFor(key);
            // Keep each list in binding-name order, so which binding an allow names does not depend on arrival order.
            grants[key] = [.. existing.Append(grant).OrderBy(g => g.BindingName, StringComparer.Ordinal)];
            keys.Add(key);
        }

        bindingSubjects[(ns, name)] = [.. keys];
    }

    private void RemoveBinding(string? ns, string name)
    {
        if (!bindingSubjects.Remove((ns, name), out var keys))
        {
            return;
        }

        foreach (var key in keys.Distinct())
        {
            var remaining = GrantsFor(key).Where(g => !(g.Namespace == ns && g.BindingName == name)).ToArray();
            if (remaining.Length == 0)
            {
                grants.TryRemove(key, out _);
            }
            else
            {
                grants[key] = remaining;
            }
        }
    }
}

/// <summary>The storage names of the four RBAC resources.</summary>
internal static class RbacResources
{
    public const string Roles = "roles." + RbacPolicyIndex.Group;
    public const string ClusterRoles = "clusterroles." + RbacPolicyIndex.Group;
    public const string RoleBindings = "rolebindings." + RbacPolicyIndex.Group;
    public const string ClusterRoleBindings = "clusterrolebindings." + RbacPolicyIndex.Group;

    public static IReadOnlyList<string> All { get; } = [ClusterRoles, Roles, ClusterRoleBindings, RoleBindings];
}
