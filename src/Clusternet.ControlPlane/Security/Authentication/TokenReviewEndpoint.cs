using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Rest;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// <c>authentication.k8s.io/v1</c> TokenReview: whether a bearer token is valid here, for whom and for which of the
/// requested audiences (the API audiences when none are asked). A bad token is not an HTTP error: the review comes back
/// 201 with <c>authenticated</c> unset and <c>status.error</c> saying why, as kube-apiserver answers.
/// </summary>
internal sealed class TokenReviewEndpoint(ITokenAuthenticator tokens, IReadOnlyList<string> apiAudiences, long maxBodyBytes) : ICreateOnlyEndpoint
{
    public string Group => "authentication.k8s.io";

    public string Resource => "tokenreviews";

    public string? Subresource => null;

    public async Task HandleAsync(ResourceRequest request)
    {
        var review = await ReviewObject.ReadAsync(request, maxBodyBytes, "TokenReview", "authentication.k8s.io/v1").ConfigureAwait(false);
        var spec = review["spec"] as JsonObject;
        if (StoredFields.String(spec?["token"]) is not { Length: > 0 } token)
        {
            throw ResourceErrors.BadRequest("token is required for TokenReview in authentication");
        }

        IReadOnlyList<string> audiences = spec!["audiences"] is JsonArray asked && asked.Count > 0
            ? [.. asked.Select(StoredFields.String).OfType<string>()]
            : apiAudiences;
        var result = await tokens.AuthenticateTokenAsync(token, audiences, request.Aborted).ConfigureAwait(false);
        var status = new JsonObject();
        if (result.User is { } user)
        {
            status["authenticated"] = true;
            status["user"] = ReviewObject.UserJson(user);
            status["audiences"] = new JsonArray([.. result.Audiences.Select(a => (JsonNode)a)]);
        }
        else
        {
            status["user"] = new JsonObject();
            status["error"] = TokenAuthenticators.ErrorOf(result);
        }

        review["status"] = status;
        await ObjectResponse.WriteAsync(request.Context, review, StatusCodes.Status201Created).ConfigureAwait(false);
    }
}
