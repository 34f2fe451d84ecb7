namespace Clusternet.ControlPlane.Security.Authorization;

/// <summary>One authorization mode (RBAC, the privileged group). The <see cref="AuthorizationChain"/> asks each in turn.</summary>
internal interface IAuthorizer
{
    /// <summary>Allow, deny, or no opinion (the next authorizer decides; if none does, the request is forbidden).</summary>
    ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken);
}

/// <summary>An authorizer's answer.</summary>
/// <param name="Kind">Allow, deny or no opinion.</param>
/// <param name="Reason">Why; kube-apiserver appends it to the 403 message (RBAC: the bindings that matched or an empty string).</param>
internal readonly record struct AuthorizationDecision(AuthorizationDecisionKind Kind, string Reason)
{
    public static AuthorizationDecision Allow(string reason = "") => new(AuthorizationDecisionKind.Allow, reason);

    public static AuthorizationDecision Deny(string reason = "") => new(AuthorizationDecisionKind.Deny, reason);

    public static AuthorizationDecision NoOpinion(string reason = "") => new(AuthorizationDecisionKind.NoOpinion, reason);
}

/// <summary>The three answers of a Kubernetes authorizer.</summary>
internal enum AuthorizationDecisionKind
{
    /// <summary>The next authorizer decides.</summary>
    NoOpinion,

    /// <summary>Allowed.</summary>
    Allow,

    /// <summary>Refused, whatever later authorizers would say.</summary>
    Deny,
}
