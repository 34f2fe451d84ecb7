namespace Clusternet.ControlPlane.Hosting;

/// <summary>Who may call an embedded control plane, and how they prove it.</summary>
public sealed record ControlPlaneSecurityOptions
{
    /// <summary>
    /// Whether requests without credentials are served as <c>system:anonymous</c> (then subject to authorization, like
    /// kube-apiserver's <c>--anonymous-auth=true</c>). Off by default: they get 401, except <c>/healthz</c>,
    /// <c>/livez</c> and <c>/readyz</c>, which probes call without credentials.
    /// </summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>
    /// Whether requests are authorized (RBAC; members of <c>system:masters</c> always pass). Off allows every
    /// authenticated request, like kube-apiserver's <c>--authorization-mode=AlwaysAllow</c>.
    /// </summary>
    public bool Authorization { get; init; } = true;

    /// <summary>Additional fixed bearer tokens and the users they authenticate, like kube-apiserver's <c>--token-auth-file</c>.</summary>
    public IReadOnlyDictionary<string, StaticTokenUser> Tokens { get; init; } = new Dictionary<string, StaticTokenUser>();

    /// <summary>
    /// INTERNAL, for tests only: authorizers appended to the chain (after the built-in ones), so that tests of
    /// impersonation and the review APIs can decide with a fixed table; those that also implement
    /// <see cref="Security.Authorization.IRuleResolver"/> answer SelfSubjectRulesReview.
    /// </summary>
    internal IReadOnlyList<Security.Authorization.IAuthorizer> AuthorizersForTesting { get; init; } = [];
}

/// <summary>The user a fixed bearer token authenticates.</summary>
/// <param name="Name">The user name.</param>
/// <param name="Groups">The user's groups; <c>system:authenticated</c> is added.</param>
public sealed record StaticTokenUser(string Name, IReadOnlyList<string> Groups)
{
    /// <summary>The user's uid; empty by default.</summary>
    public string Uid { get; init; } = string.Empty;
}
