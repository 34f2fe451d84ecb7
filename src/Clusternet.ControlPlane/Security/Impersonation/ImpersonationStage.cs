using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Security.Authorization;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Impersonation;

/// <summary>
/// The impersonation stage, between authentication and authorization: a request with <c>Impersonate-*</c> headers acts
/// as the impersonated user once the caller is allowed the <c>impersonate</c> verb on each requested attribute.
/// </summary>
internal sealed class ImpersonationStage(AuthorizationChain authorization)
{
    public AuthorizationChain Authorization { get; } = authorization;

    /// <summary>The user the request acts as: <paramref name="caller"/>, or whom it impersonates; 403 when not allowed.</summary>
    public ValueTask<UserInfo> ImpersonateAsync(HttpContext context, UserInfo caller, CancellationToken cancellationToken)
    {
        foreach (var header in context.Request.Headers)
        {
            if (header.Key.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase))
            {
                // Placeholder until impersonation lands: refusing is the only safe answer.
                throw StatusException.Create(403, "Forbidden", "impersonation is not supported by this server yet");
            }
        }

        return ValueTask.FromResult(caller);
    }
}
