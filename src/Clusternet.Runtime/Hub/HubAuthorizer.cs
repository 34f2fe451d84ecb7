using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Delegated authorization: every request is checked with a SubjectAccessReview on the parent, the answer reused for
/// a short time per user and attributes.
/// </summary>
internal sealed class HubAuthorizer
{
    private readonly IKubernetes _parent;
    private readonly ReviewCache<(bool Allowed, string? Reason)> _decisions;

    public HubAuthorizer(IKubernetes parent, ClusternetHubOptions options)
    {
        _parent = parent;
        _decisions = new ReviewCache<(bool, string?)>(options.TimeProvider, options.ReviewCacheDuration);
    }

    /// <summary>Whether <paramref name="user"/> may do <paramref name="request"/>, and the authorizer's reason when not.</summary>
    public async ValueTask<(bool Allowed, string? Reason)> AuthorizeAsync(HubUser user, HubAccessRequest request, CancellationToken cancellationToken)
    {
        // Child credentials ride in the clusternet-* extras; they decide nothing in the parent's RBAC and must not end up
        // in its SubjectAccessReviews (audit logs, webhook authorizers) nor in this cache's keys.
        var subject = user with { Extras = user.Extras.Where(e => !e.Key.StartsWith("clusternet-", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal) };
        var key = subject.CacheKey + '\u0004' + request.CacheKey;
        return await _decisions.GetOrReviewAsync(key, token => ReviewAsync(subject, request, token), cancellationToken).ConfigureAwait(false);
    }

    private async Task<(bool Allowed, string? Reason)> ReviewAsync(HubUser user, HubAccessRequest request, CancellationToken cancellationToken)
    {
        var spec = new V1SubjectAccessReviewSpec
        {
            User = user.Name,
            Uid = user.Uid,
            Groups = [.. user.Groups],
            Extra = user.Extras.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value]),
        };
        if (request.IsResource)
        {
            spec.ResourceAttributes = new V1ResourceAttributes
            {
                Verb = request.Verb,
                Group = request.Group,
                Version = request.Version,
                Resource = request.Resource,
                Subresource = request.Subresource,
                NamespaceProperty = request.Namespace,
                Name = request.Name,
            };
        }
        else
        {
            spec.NonResourceAttributes = new V1NonResourceAttributes { Verb = request.Verb, Path = request.Path };
        }

        var review = await _parent.AuthorizationV1.CreateSubjectAccessReviewAsync(new V1SubjectAccessReview { Spec = spec }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (review.Status?.Allowed == true && review.Status.Denied != true, review.Status?.Reason);
    }
}
