namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Several token authenticators asked in order, the first that accepts winning; if none does, the errors of those that
/// refused are joined (bracketed when several), and a token nobody recognised is an <c>invalid bearer token</c>, as
/// kube-apiserver's bearer-token stage reports it.
/// </summary>
internal sealed class TokenAuthenticators(IReadOnlyList<ITokenAuthenticator> authenticators) : ITokenAuthenticator
{
    public const string InvalidBearerToken = "invalid bearer token";

    public async ValueTask<TokenAuthenticationResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        List<string>? errors = null;
        foreach (var authenticator in authenticators)
        {
            var result = await authenticator.AuthenticateTokenAsync(token, audiences, cancellationToken).ConfigureAwait(false);
            if (result.User is not null)
            {
                return result;
            }

            if (result.Error is { } error)
            {
                (errors ??= []).Add(error);
            }
        }

        return errors switch
        {
            null => TokenAuthenticationResult.NotApplicable,
            [var one] => TokenAuthenticationResult.Failed(one),
            _ => TokenAuthenticationResult.Failed("[" + string.Join(", ", errors) + "]"),
        };
    }

    /// <summary>The error a TokenReview reports for a refused token.</summary>
    public static string ErrorOf(TokenAuthenticationResult result) => result.Error ?? InvalidBearerToken;
}

/// <summary>
/// Makes a token kind that has no audience of its own (static and bootstrap tokens) behave as kube-apiserver does:
/// such a token is good for the API audiences only, so it is not even considered when none of the requested audiences
/// is one of them, and is reported valid for the requested API audiences.
/// </summary>
internal sealed class AudienceAgnosticTokenAuthenticator(ITokenAuthenticator inner, IReadOnlyList<string> apiAudiences) : ITokenAuthenticator
{
    public async ValueTask<TokenAuthenticationResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var granted = apiAudiences.Intersect(audiences, StringComparer.Ordinal).ToArray();
        if (granted.Length == 0)
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        var result = await inner.AuthenticateTokenAsync(token, audiences, cancellationToken).ConfigureAwait(false);
        return result.User is { } user ? TokenAuthenticationResult.Success(user, granted) : result;
    }
}
