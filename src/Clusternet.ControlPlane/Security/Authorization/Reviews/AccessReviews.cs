using Clusternet.ControlPlane.Api.Rest;

namespace Clusternet.ControlPlane.Security.Authorization.Reviews;

/// <summary>The <c>authorization.k8s.io</c> review endpoints of one server.</summary>
internal static class AccessReviews
{
    /// <summary>
    /// SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectAccessReview and SelfSubjectRulesReview, deciding through
    /// <paramref name="authorization"/>; the rules review asks every authorizer of the chain that can list rules
    /// (implements <see cref="IRuleResolver"/>).
    /// </summary>
    public static IReadOnlyList<ICreateOnlyEndpoint> Endpoints(AuthorizationChain authorization, long maxBodyBytes) =>
    [
        new AccessReviewEndpoint(authorization, AccessReviewKind.SubjectAccessReview, maxBodyBytes),
        new AccessReviewEndpoint(authorization, AccessReviewKind.LocalSubjectAccessReview, maxBodyBytes),
        new AccessReviewEndpoint(authorization, AccessReviewKind.SelfSubjectAccessReview, maxBodyBytes),
        new SelfSubjectRulesReviewEndpoint(authorization, [.. authorization.Authorizers.OfType<IRuleResolver>()], maxBodyBytes),
    ];
}
