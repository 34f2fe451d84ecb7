namespace Clusternet.ControlPlane.Api.Rest;

/// <summary>
/// A resource (or subresource) that is computed, not stored: POSTing to it returns an answer and keeps nothing —
/// TokenReview, SubjectAccessReview and its kin, and <c>serviceaccounts/&lt;name&gt;/token</c> (TokenRequest). The
/// pipeline routes a create on (<see cref="Group"/>, <see cref="Resource"/>, <see cref="Subresource"/>) here, after
/// authorization and before storage.
/// </summary>
internal interface ICreateOnlyEndpoint
{
    /// <summary>The API group, such as <c>authorization.k8s.io</c>; empty for the core group.</summary>
    string Group { get; }

    /// <summary>The plural resource, such as <c>subjectaccessreviews</c> or <c>serviceaccounts</c>.</summary>
    string Resource { get; }

    /// <summary>The subresource, such as <c>token</c>; null for a top-level resource.</summary>
    string? Subresource { get; }

    /// <summary>Reads the request body, answers 201 with the completed object (or a Status), and stores nothing.</summary>
    Task HandleAsync(ResourceRequest request);
}
