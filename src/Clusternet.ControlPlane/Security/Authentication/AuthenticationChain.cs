using Clusternet.ControlPlane.Api;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// The authentication stage: the first authenticator that recognises the request's credential decides. A request
/// with no credential is anonymous where anonymous is allowed (the health endpoints always, everything when the
/// host turns anonymous on) and 401 otherwise; a credential nobody accepts is 401 — as kube-apiserver answers,
/// without saying which check failed.
/// </summary>
internal sealed class AuthenticationChain(IReadOnlyList<IRequestAuthenticator> authenticators, bool allowAnonymous)
{
    // kube-apiserver 1.32 can admit anonymous requests to these endpoints only (AnonymousAuthConfigurableEndpoints);
    // probes and load balancers call them without credentials.
    private static readonly HashSet<string> AnonymousEndpoints = new(StringComparer.Ordinal) { "/healthz", "/livez", "/readyz" };

    public IReadOnlyList<IRequestAuthenticator> Authenticators { get; } = authenticators;

    /// <summary>The user of the request, or a 401 <see cref="StatusException"/>.</summary>
    public async ValueTask<UserInfo> AuthenticateAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var refused = false;
        foreach (var authenticator in Authenticators)
        {
            var result = await authenticator.AuthenticateAsync(context, cancellationToken).ConfigureAwait(false);
            if (result.User is { } user)
            {
                return user;
            }

            refused |= result.Error is not null;
        }

        if (!refused && !HasCredential(context) && (allowAnonymous || AnonymousEndpoints.Contains(path)))
        {
            return UserInfo.Anonymous;
        }

        throw Unauthorized();
    }

    public static StatusException Unauthorized() => StatusException.Create(401, "Unauthorized", "Unauthorized");

    private static bool HasCredential(HttpContext context) =>
        context.Request.Headers.Authorization.Count > 0 || context.Connection.ClientCertificate is not null;
}
