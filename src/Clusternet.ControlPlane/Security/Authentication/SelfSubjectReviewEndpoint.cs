using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Rest;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// <c>authentication.k8s.io/v1</c> SelfSubjectReview: tells callers who the server takes them for (after
/// impersonation), which is what <c>kubectl auth whoami</c> prints.
/// </summary>
internal sealed class SelfSubjectReviewEndpoint(TimeProvider time, long maxBodyBytes) : ICreateOnlyEndpoint
{
    public string Group => "authentication.k8s.io";

    public string Resource => "selfsubjectreviews";

    public string? Subresource => null;

    public async Task HandleAsync(ResourceRequest request)
    {
        // The body carries nothing the answer depends on, but a body of another kind is still refused.
        await ReviewObject.ReadAsync(request, maxBodyBytes, "SelfSubjectReview", "authentication.k8s.io/v1").ConfigureAwait(false);
        var review = new JsonObject
        {
            ["kind"] = "SelfSubjectReview",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["creationTimestamp"] = ObjectMetadata.Timestamp(time.GetUtcNow()) },
            ["status"] = new JsonObject { ["userInfo"] = ReviewObject.UserJson(RequestUser.Get(request.Context)) },
        };
        await ObjectResponse.WriteAsync(request.Context, review, StatusCodes.Status201Created).ConfigureAwait(false);
    }
}
