namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Recognises one kind of bearer token (static, service account, bootstrap). Used both for requests (through
/// <see cref="BearerTokenAuthenticator"/>) and for TokenReview, which asks about a token for given audiences.
/// </summary>
internal interface ITokenAuthenticator
{
    /// <summary>
    /// Not applicable when the token is not of this kind; failed when it is and is invalid (expired, revoked, meant for
    /// none of <paramref name="audiences"/>); otherwise the user and the audiences the token is good for among those asked.
    /// </summary>
    ValueTask<TokenAuthenticationResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken);
}

/// <summary>What one token authenticator concluded.</summary>
/// <param name="User">The user; null when not authenticated.</param>
/// <param name="Audiences">The requested audiences the token is valid for; empty unless authenticated.</param>
/// <param name="Error">Why the token was refused; null when it was not this authenticator's, or when it succeeded.</param>
internal readonly record struct TokenAuthenticationResult(UserInfo? User, IReadOnlyList<string> Audiences, string? Error)
{
    public static TokenAuthenticationResult NotApplicable => new(null, [], null);

    public static TokenAuthenticationResult Failed(string error) => new(null, [], error);

    public static TokenAuthenticationResult Success(UserInfo user, IReadOnlyList<string> audiences) => new(user, audiences, null);
}
