namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// kube-apiserver's RBAC authorizer: allows a request when a rule of a role bound to the user (by name, group or
/// service account) matches it — ClusterRoleBindings everywhere, RoleBindings in their namespace only — and otherwise
/// has no opinion; RBAC never denies. It also resolves a user's rules for SelfSubjectRulesReview and escalation checks.
/// </summary>
/// <remarks>
/// A decision looks up the user's name and each group in the index, cluster-wide first, then in the request's
/// namespace, and walks the referenced roles' rules; it allocates nothing on the way to an allow, whose reason string
/// was built when the binding was indexed. Bindings whose role is missing are reported only when nothing allowed, as
/// kube's <c>RBAC: clusterrole.rbac.authorization.k8s.io "x" not found</c> reason.
/// </remarks>
internal sealed class RbacAuthorizer(RbacPolicyIndex index) : IAuthorizer, IRuleResolver
{
    public RbacPolicyIndex Index { get; } = index;

    public ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Decide(attributes));

    /// <summary>The decision, synchronously (the index is in memory).</summary>
    public AuthorizationDecision Decide(AuthorizationAttributes attributes)
    {
        var user = attributes.User;
        var missingRoles = false;
        if (Allowed(attributes, null, ref missingRoles) is { } allowedClusterWide)
        {
            return AuthorizationDecision.Allow(allowedClusterWide);
        }

        if (attributes.Namespace is { Length: > 0 } ns && Allowed(attributes, ns, ref missingRoles) is { } allowedInNamespace)
        {
            return AuthorizationDecision.Allow(allowedInNamespace);
        }

        if (!missingRoles)
        {
            return AuthorizationDecision.NoOpinion();
        }

        var errors = new List<string>();
        Collect(user, attributes.Namespace, null, errors);
        return AuthorizationDecision.NoOpinion(errors.Count == 0 ? string.Empty : "RBAC: " + Aggregate(errors));
    }

    public ValueTask<ResolvedRules> RulesForAsync(UserInfo user, string? @namespace, CancellationToken cancellationToken)
    {
        var rules = new List<PolicyRule>();
        var errors = new List<string>();
        Collect(user, @namespace, rules, errors);
        return ValueTask.FromResult(new ResolvedRules(
            [.. rules.Where(r => r.NonResourceUrls.Length == 0).Select(r => r.ToResourceRule())],
            [.. rules.Where(r => r.NonResourceUrls.Length > 0).Select(r => r.ToNonResourceRule())],
            errors.Count > 0,
            errors.Count > 0 ? Aggregate(errors) : null));
    }

    /// <summary>
    /// Every rule granted to <paramref name="user"/> cluster-wide and (when given) in <paramref name="namespace"/>, each
    /// binding counted once, and the resolution errors (missing roles) in kube's wording.
    /// </summary>
    public void Collect(UserInfo user, string? @namespace, List<PolicyRule>? rules, List<string> errors)
    {
        var seen = new HashSet<(string?, string)>();
        foreach (var scope in @namespace is { Length: > 0 } ns ? new[] { null, ns } : [null])
        {
            foreach (var key in Keys(user, scope))
            {
                foreach (var grant in Index.GrantsFor(key))
                {
                    if (!seen.Add((grant.Namespace, grant.BindingName)))
                    {
                        continue;
                    }

                    if (Index.RulesOf(grant) is { } found)
                    {
                        rules?.AddRange(found);
                    }
                    else
                    {
                        errors.Add($"{(grant.RoleIsCluster ? "clusterrole" : "role")}.{RbacPolicyIndex.Group} {GoQuote.String(grant.RoleName)} not found");
                    }
                }
            }
        }
    }

    private string? Allowed(AuthorizationAttributes attributes, string? scope, ref bool missingRoles)
    {
        var user = attributes.User;
        if (Allowed(attributes, new RbacPolicyIndex.SubjectKey(scope, false, user.Name), ref missingRoles) is { } byName)
        {
            return byName;
        }

        // An index loop: enumerating the IReadOnlyList through its interface would allocate on every decision.
        var groups = user.Groups;
        for (var i = 0; i < groups.Count; i++)
        {
            if (Allowed(attributes, new RbacPolicyIndex.SubjectKey(scope, true, groups[i]), ref missingRoles) is { } byGroup)
            {
                return byGroup;
            }
        }

        return null;
    }

    private string? Allowed(AuthorizationAttributes attributes, RbacPolicyIndex.SubjectKey key, ref bool missingRoles)
    {
        foreach (var grant in Index.GrantsFor(key))
        {
            var rules = Index.RulesOf(grant);
            if (rules is null)
            {
                missingRoles = true;
                continue;
            }

            foreach (var rule in rules)
            {
                if (rule.Allows(attributes))
                {
                    return grant.Reason;
                }
            }
        }

        return null;
    }

    private static IEnumerable<RbacPolicyIndex.SubjectKey> Keys(UserInfo user, string? scope) =>
        user.Groups.Select(g => new RbacPolicyIndex.SubjectKey(scope, true, g)).Prepend(new RbacPolicyIndex.SubjectKey(scope, false, user.Name));

    // Go's utilerrors.Aggregate: one error prints alone, several as "[a, b]"; duplicates are dropped.
    private static string Aggregate(List<string> errors)
    {
        var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]";
    }
}
