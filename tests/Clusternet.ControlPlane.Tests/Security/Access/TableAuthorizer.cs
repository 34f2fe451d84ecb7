using System.Collections.Concurrent;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authorization;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>A resource permission for a user or group: verb on group/resource (<c>resource/sub</c> for subresources), optionally one name and one namespace; <c>*</c> matches anything.</summary>
internal sealed record Grant(string Subject, string Verb, string ApiGroup, string Resource, string? Name = null, string? Namespace = null);

/// <summary>A non-resource permission: verb on a path (<c>*</c> for every path).</summary>
internal sealed record PathGrant(string Subject, string Verb, string Path);

/// <summary>
/// A test authorizer (stand-in for RBAC) deciding from fixed tables: denials first, then grants, else no opinion. It
/// records every question it is asked, so tests can see which user a request or review was evaluated as.
/// </summary>
internal sealed class TableAuthorizer(IReadOnlyList<Grant> grants, IReadOnlyList<PathGrant> paths, IReadOnlyList<Grant>? denials = null) : IAuthorizer, IRuleResolver
{
    public const string AllowReason = "allowed by the test table";
    public const string DenyReason = "denied by the test table";

    public ConcurrentQueue<AuthorizationAttributes> Seen { get; } = new();

    public ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        Seen.Enqueue(attributes);
        if (!attributes.IsResourceRequest)
        {
            return ValueTask.FromResult(paths.Any(p => Applies(p.Subject, attributes.User) && Match(p.Verb, attributes.Verb) && (p.Path == "*" || p.Path == attributes.Path))
                ? AuthorizationDecision.Allow(AllowReason)
                : AuthorizationDecision.NoOpinion());
        }

        if ((denials ?? []).Any(g => Matches(g, attributes)))
        {
            return ValueTask.FromResult(AuthorizationDecision.Deny(DenyReason));
        }

        return ValueTask.FromResult(grants.Any(g => Matches(g, attributes)) ? AuthorizationDecision.Allow(AllowReason) : AuthorizationDecision.NoOpinion());
    }

    public ValueTask<ResolvedRules> RulesForAsync(UserInfo user, string? @namespace, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new ResolvedRules(
            [.. grants.Where(g => Applies(g.Subject, user) && (g.Namespace is null || g.Namespace == @namespace))
                .Select(g => new ResourceRule([g.Verb], [g.ApiGroup], [g.Resource], g.Name is null ? [] : [g.Name]))],
            [.. paths.Where(p => Applies(p.Subject, user)).Select(p => new NonResourceRule([p.Verb], [p.Path]))],
            Incomplete: false,
            EvaluationError: null));

    /// <summary>The last question asked about <paramref name="resource"/> in <paramref name="namespace"/> (tests use a namespace of their own).</summary>
    public AuthorizationAttributes? LastFor(string resource, string @namespace) =>
        Seen.LastOrDefault(a => a.Resource == resource && a.Namespace == @namespace);

    private static bool Matches(Grant grant, AuthorizationAttributes a)
    {
        var resource = a.Subresource is null ? a.Resource : a.Resource + "/" + a.Subresource;
        return Applies(grant.Subject, a.User)
            && Match(grant.Verb, a.Verb)
            && Match(grant.ApiGroup, a.ApiGroup)
            && Match(grant.Resource, resource)
            && (grant.Name is null || grant.Name == a.Name)
            && (grant.Namespace is null || grant.Namespace == a.Namespace);
    }

    private static bool Applies(string subject, UserInfo user) => user.Name == subject || user.InGroup(subject);

    private static bool Match(string pattern, string value) => pattern == "*" || pattern == value;
}
