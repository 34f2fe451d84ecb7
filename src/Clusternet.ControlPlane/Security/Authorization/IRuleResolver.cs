namespace Clusternet.ControlPlane.Security.Authorization;

/// <summary>
/// What a user may do in a namespace, as rules: what SelfSubjectRulesReview answers and what RBAC escalation checks
/// compare against.
/// </summary>
internal interface IRuleResolver
{
    /// <summary>The resource and non-resource rules that apply to <paramref name="user"/> in <paramref name="namespace"/> (cluster-wide rules included); <c>Incomplete</c> when some could not be resolved.</summary>
    ValueTask<ResolvedRules> RulesForAsync(UserInfo user, string? @namespace, CancellationToken cancellationToken);
}

/// <summary>A resource rule: verbs on resources (with optional subresource as <c>resource/sub</c>) in API groups, optionally limited to names.</summary>
internal sealed record ResourceRule(IReadOnlyList<string> Verbs, IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames);

/// <summary>A non-resource rule: verbs on URL paths (a trailing <c>*</c> matches a prefix).</summary>
internal sealed record NonResourceRule(IReadOnlyList<string> Verbs, IReadOnlyList<string> NonResourceUrls);

/// <summary>The rules of a user; <paramref name="EvaluationError"/> says what could not be resolved (a missing role), if anything.</summary>
internal sealed record ResolvedRules(IReadOnlyList<ResourceRule> ResourceRules, IReadOnlyList<NonResourceRule> NonResourceRules, bool Incomplete, string? EvaluationError);
