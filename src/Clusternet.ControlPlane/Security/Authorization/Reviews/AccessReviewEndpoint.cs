using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Validation;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authorization.Reviews;

/// <summary>
/// <c>authorization.k8s.io/v1</c> SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectAccessReview: the spec's
/// question is put to the same <see cref="AuthorizationChain"/> live requests go through (so <c>system:masters</c>
/// passes here too), and the review comes back 201 with the spec and <c>status.allowed/denied/reason</c>. Nothing is stored.
/// </summary>
/// <remarks>
/// SubjectAccessReview asks about the user in its spec, exactly as given; LocalSubjectAccessReview does the same within
/// the namespace of its URL, which its resource attributes must name; SelfSubjectAccessReview asks about the caller
/// (after impersonation), which is what <c>kubectl auth can-i</c> sends.
/// </remarks>
internal sealed class AccessReviewEndpoint : ICreateOnlyEndpoint
{
    private const string AuthorizationGroup = "authorization.k8s.io";

    private readonly AuthorizationChain authorization;
    private readonly AccessReviewKind kind;
    private readonly string kindName;
    private readonly long maxBodyBytes;

    public AccessReviewEndpoint(AuthorizationChain authorization, AccessReviewKind kind, long maxBodyBytes)
    {
        this.authorization = authorization;
        this.maxBodyBytes = maxBodyBytes;
        this.kind = kind;
        kindName = kind.ToString();
        Resource = kindName.ToLowerInvariant() + "s";
    }

    public string Group => AuthorizationGroup;

    public string Resource { get; }

    public string? Subresource => null;

    public async Task HandleAsync(ResourceRequest request)
    {
        if (request.Info.Name is not null)
        {
            throw ResourceErrors.MethodNotAllowed("create");
        }

        var body = new ReviewBody(kindName);
        var review = await RequestBody.ReadObjectAsync(request.Context, maxBodyBytes).ConfigureAwait(false);
        var metadata = body.Object(review, "metadata", "metadata") ?? [];
        CreateHandler.ApplyNamespace(request, metadata);
        var withSubject = kind != AccessReviewKind.SelfSubjectAccessReview;
        var spec = AccessReviewSpec.Read(body, review, withSubject);
        var errors = spec.Validate(withSubject);
        errors.AddRange(ValidateMetadata(metadata, spec));
        if (errors.Count > 0)
        {
            throw new StatusException(InvalidStatus.Create(AuthorizationGroup, kindName, string.Empty, errors));
        }

        var user = withSubject ? spec.Subject() : RequestUser.Get(request.Context);
        var decision = await authorization.DecideAsync(spec.AttributesFor(user), request.Aborted).ConfigureAwait(false);
        var status = new JsonObject { ["allowed"] = decision.Kind == AuthorizationDecisionKind.Allow };
        if (decision.Kind == AuthorizationDecisionKind.Deny)
        {
            status["denied"] = true;
        }

        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }

        var answer = new JsonObject
        {
            ["kind"] = kindName,
            ["apiVersion"] = AuthorizationGroup + "/v1",
            ["metadata"] = ResponseMetadata(metadata),
            ["spec"] = spec.ToJson(withSubject),
            ["status"] = status,
        };
        await ObjectResponse.WriteAsync(request.Context, answer, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    /// <summary>
    /// Reviews carry no object metadata: upstream refuses any (the local review keeps its namespace, which the URL
    /// supplied), and the local review's resource attributes must name that namespace and cannot be non-resource ones.
    /// </summary>
    private IEnumerable<FieldError> ValidateMetadata(JsonObject metadata, AccessReviewSpec spec)
    {
        var ns = Api.Discovery.JsonFields.String(metadata, "namespace") ?? string.Empty;
        if (metadata.Any(p => p.Key is not ("namespace" or "managedFields" or "creationTimestamp") && !IsEmpty(p.Value)))
        {
            var detail = kind == AccessReviewKind.LocalSubjectAccessReview ? "must be empty except for namespace" : "must be empty";
            yield return new FieldError(FieldErrorType.Invalid, "metadata", metadata.DeepClone(), detail);
        }

        if (kind != AccessReviewKind.LocalSubjectAccessReview)
        {
            yield break;
        }

        if (spec.Resource is { } r && r.Namespace != ns)
        {
            yield return new FieldError(FieldErrorType.Invalid, "spec.resourceAttributes.namespace", JsonValue.Create(r.Namespace), "must match metadata.namespace");
        }

        if (spec.NonResource is { } n)
        {
            yield return new FieldError(FieldErrorType.Invalid, "spec.nonResourceAttributes", null, "disallowed on this kind of request") { GoValue = n.GoValue };
        }
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>().Length == 0,
        _ => false,
    };

    private static JsonObject ResponseMetadata(JsonObject metadata)
    {
        var result = new JsonObject();
        if (Api.Discovery.JsonFields.String(metadata, "namespace") is { Length: > 0 } ns)
        {
            result["namespace"] = ns;
        }

        return result;
    }
}

/// <summary>The three access reviews; the names are the kinds.</summary>
internal enum AccessReviewKind
{
    /// <summary>Any subject, any namespace (cluster-scoped).</summary>
    SubjectAccessReview,

    /// <summary>Any subject within the URL's namespace.</summary>
    LocalSubjectAccessReview,

    /// <summary>The caller.</summary>
    SelfSubjectAccessReview,
}
