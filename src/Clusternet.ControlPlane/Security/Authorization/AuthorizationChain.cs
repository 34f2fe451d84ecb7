using Clusternet.ControlPlane.Api;
using k8s.Models;

namespace Clusternet.ControlPlane.Security.Authorization;

/// <summary>
/// The authorization stage: members of <c>system:masters</c> are allowed outright (kube-apiserver's privileged-group
/// authorizer), then each authorizer in order; the first Allow or Deny decides and no decision is 403.
/// With authorization off every request is allowed.
/// </summary>
internal sealed class AuthorizationChain(IReadOnlyList<IAuthorizer> authorizers, bool enabled)
{
    public bool Enabled { get; } = enabled;

    public IReadOnlyList<IAuthorizer> Authorizers { get; } = authorizers;

    /// <summary>The decision for <paramref name="attributes"/>, with privileged users allowed first.</summary>
    public async ValueTask<AuthorizationDecision> DecideAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        if (!Enabled || attributes.User.InGroup(UserInfo.MastersGroup))
        {
            return AuthorizationDecision.Allow();
        }

        List<string>? reasons = null;
        foreach (var authorizer in Authorizers)
        {
            var decision = await authorizer.AuthorizeAsync(attributes, cancellationToken).ConfigureAwait(false);
            if (decision.Kind != AuthorizationDecisionKind.NoOpinion)
            {
                return decision;
            }

            if (decision.Reason.Length > 0)
            {
                (reasons ??= []).Add(decision.Reason);
            }
        }

        // As kube's union authorizer: the reasons of the authorizers without an opinion, one a line.
        return AuthorizationDecision.NoOpinion(reasons is null ? string.Empty : string.Join("\n", reasons));
    }

    /// <summary>Passes when allowed; otherwise throws kube-apiserver's 403 Forbidden Status.</summary>
    public async ValueTask AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken)
    {
        var decision = await DecideAsync(attributes, cancellationToken).ConfigureAwait(false);
        if (decision.Kind != AuthorizationDecisionKind.Allow)
        {
            throw Forbidden(attributes, decision.Reason);
        }
    }

    /// <summary>
    /// kube-apiserver's wording: <c>User "u" cannot get resource "pods/log" in API group "" in the namespace "ns"</c>
    /// (or <c>at the cluster scope</c>), <c>cannot get path "/x"</c> for non-resource URLs, then <c>: reason</c> when
    /// the authorizer gave one. Details carry the name, group and resource as kind.
    /// </summary>
    public static StatusException Forbidden(AuthorizationAttributes a, string reason)
    {
        string message;
        V1StatusDetails? details = null;
        if (a.IsResourceRequest)
        {
            var resource = a.Subresource is null ? a.Resource : a.Resource + "/" + a.Subresource;
            var scope = a.Namespace is { Length: > 0 } ns ? $"in the namespace \"{ns}\"" : "at the cluster scope";
            // The subject of the message is the group-qualified resource, as in "deployments.apps is forbidden".
            var qualified = a.ApiGroup.Length == 0 ? a.Resource : a.Resource + "." + a.ApiGroup;
            var target = a.Name is { Length: > 0 } n ? $"{qualified} \"{n}\"" : qualified;
            message = $"{target} is forbidden: User \"{a.User.Name}\" cannot {a.Verb} resource \"{resource}\" in API group \"{a.ApiGroup}\" {scope}";
            details = new V1StatusDetails { Name = a.Name, Group = a.ApiGroup, Kind = a.Resource };
        }
        else
        {
            message = $"forbidden: User \"{a.User.Name}\" cannot {a.Verb} path \"{a.Path}\"";
        }

        if (reason.Length > 0)
        {
            message += ": " + reason;
        }

        return StatusException.Create(403, "Forbidden", message, details);
    }
}
