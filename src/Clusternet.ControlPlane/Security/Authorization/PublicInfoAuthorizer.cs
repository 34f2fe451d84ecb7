namespace Clusternet.ControlPlane.Security.Authorization;

/// <summary>
/// Temporary stand-in for RBAC's <c>system:public-info-viewer</c> binding: everyone, anonymous included, may get the
/// health endpoints and <c>/version</c>. Replaced by the RBAC bootstrap policy.
/// </summary>
internal sealed class PublicInfoAuthorizer : IAuthorizer
{
    public ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken cancellationToken) =>
        ValueTask.FromResult(!attributes.IsResourceRequest && attributes.Verb == "get" && attributes.Path is "/healthz" or "/livez" or "/readyz" or "/version"
            ? AuthorizationDecision.Allow()
            : AuthorizationDecision.NoOpinion());
}
