using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// One way of proving who a request comes from (static token, service account token, bootstrap token, client
/// certificate). The <see cref="AuthenticationChain"/> asks each in turn, as kube-apiserver's union authenticator does.
/// </summary>
internal interface IRequestAuthenticator
{
    /// <summary>
    /// <see cref="AuthenticationResult.NotApplicable"/> when the request carries no credential of this kind (or one this
    /// authenticator does not recognise, so another may); <see cref="AuthenticationResult.Failed"/> when it carries one
    /// of this kind that is invalid (expired, revoked, wrong audience); otherwise the user.
    /// </summary>
    ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>What one authenticator concluded.</summary>
/// <param name="User">The authenticated user; null when not authenticated.</param>
/// <param name="Error">Why the credential was refused; null when it was not this authenticator's, or when it succeeded.</param>
internal readonly record struct AuthenticationResult(UserInfo? User, string? Error)
{
    /// <summary>The request carries no credential this authenticator handles.</summary>
    public static AuthenticationResult NotApplicable => default;

    /// <summary>The credential is this authenticator's kind and is invalid.</summary>
    public static AuthenticationResult Failed(string error) => new(null, error);

    /// <summary>The request comes from <paramref name="user"/>.</summary>
    public static AuthenticationResult Success(UserInfo user) => new(user, null);
}
