using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>Authenticates a request by its bearer token, for the API audiences (a request is always addressed to this API).</summary>
internal sealed class BearerTokenAuthenticator(ITokenAuthenticator tokens, IReadOnlyList<string> apiAudiences) : IRequestAuthenticator
{
    public async ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (BearerToken.Read(context) is not { } token)
        {
            return AuthenticationResult.NotApplicable;
        }

        var result = await tokens.AuthenticateTokenAsync(token, apiAudiences, cancellationToken).ConfigureAwait(false);
        return result switch
        {
            { User: { } user } => AuthenticationResult.Success(user),
            { Error: { } error } => AuthenticationResult.Failed(error),
            _ => AuthenticationResult.NotApplicable,
        };
    }
}
