using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Security.Tokens;
using Clusternet.ControlPlane.Storage;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Service account tokens signed by this instance's key. A bound token (TokenRequest) must be within its validity
/// window (a minute of leeway for clock skew), meant for one of the requested audiences, and its service account — and
/// the Secret or Pod it is bound to — must still exist with the uid in the token. A legacy token has no expiry and is
/// implicitly for the API audiences; it holds only while its <c>kubernetes.io/service-account-token</c> Secret exists
/// and stores exactly this token, so deleting the Secret revokes it. Tokens from other issuers are not this
/// authenticator's.
/// </summary>
internal sealed class ServiceAccountTokenAuthenticator(IObjectStore store, ServiceAccountKey key, IReadOnlyList<string> apiAudiences, TimeProvider time) : ITokenAuthenticator
{
    public const string ServiceAccountsGroup = "system:serviceaccounts";
    public const string CredentialIdExtra = "authentication.kubernetes.io/credential-id";
    public const string PodNameExtra = "authentication.kubernetes.io/pod-name";
    public const string PodUidExtra = "authentication.kubernetes.io/pod-uid";
    public const string NodeNameExtra = "authentication.kubernetes.io/node-name";
    public const string NodeUidExtra = "authentication.kubernetes.io/node-uid";
    public const string ServiceAccountTokenType = "kubernetes.io/service-account-token";

    private const string Invalidated = "service account token has been invalidated";
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);

    public async ValueTask<TokenAuthenticationResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        if (JsonWebToken.TryDecode(token) is not { } jwt)
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        var issuer = jwt.StringClaim("iss");
        var legacy = issuer == ServiceAccountTokenIssuer.LegacyIssuer;
        if (!legacy && issuer != ServiceAccountTokenIssuer.Issuer)
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        if (!jwt.IsSignedBy(key.Key))
        {
            return TokenAuthenticationResult.Failed("token signature is invalid");
        }

        // A token without audiences (every legacy one) is good for the API audiences only.
        var tokenAudiences = jwt.Audiences.Count == 0 ? apiAudiences : jwt.Audiences;
        var granted = tokenAudiences.Intersect(audiences, StringComparer.Ordinal).ToArray();
        if (granted.Length == 0)
        {
            return TokenAuthenticationResult.Failed($"token audiences {QuoteAll(tokenAudiences)} is invalid for the target audiences {QuoteAll(audiences)}");
        }

        var user = legacy
            ? await ValidateLegacyAsync(jwt, token, cancellationToken).ConfigureAwait(false)
            : await ValidateBoundAsync(jwt, cancellationToken).ConfigureAwait(false);
        return user.Error is { } error ? TokenAuthenticationResult.Failed(error) : TokenAuthenticationResult.Success(user.User!, granted);
    }

    private async Task<(UserInfo? User, string? Error)> ValidateBoundAsync(JsonWebToken jwt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (jwt.TimeClaim("exp") is { } expiry && now > expiry + Leeway)
        {
            return (null, "service account token has expired");
        }

        if (jwt.TimeClaim("nbf") is { } notBefore && now + Leeway < notBefore)
        {
            return (null, "service account token is not valid yet");
        }

        if (jwt.TimeClaim("iat") is { } issuedAt && now + Leeway < issuedAt)
        {
            return (null, "service account token is issued in the future");
        }

        var claim = jwt.Claims[ServiceAccountTokenIssuer.PrivateClaim] as JsonObject;
        var ns = StoredFields.String(claim?["namespace"]);
        if (ns is null || ObjectRef.FromJson(claim?["serviceaccount"]) is not { } account
            || jwt.StringClaim("sub") != ServiceAccountTokenIssuer.UserName(ns, account.Name))
        {
            return (null, "service account token claims are incomplete");
        }

        if (!await ExistsAsync(new StorageKey("serviceaccounts", ns, account.Name), account.Uid, cancellationToken).ConfigureAwait(false))
        {
            return (null, Invalidated);
        }

        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (ObjectRef.FromJson(claim!["secret"]) is { } secret
            && !await ExistsAsync(new StorageKey("secrets", ns, secret.Name), secret.Uid, cancellationToken).ConfigureAwait(false))
        {
            return (null, Invalidated);
        }

        if (ObjectRef.FromJson(claim["pod"]) is { } pod)
        {
            if (!await ExistsAsync(new StorageKey("pods", ns, pod.Name), pod.Uid, cancellationToken).ConfigureAwait(false))
            {
                return (null, Invalidated);
            }

            extra[PodNameExtra] = [pod.Name];
            extra[PodUidExtra] = [pod.Uid];
        }

        if (ObjectRef.FromJson(claim["node"]) is { } node)
        {
            extra[NodeNameExtra] = [node.Name];
            extra[NodeUidExtra] = [node.Uid];
        }

        if (jwt.StringClaim("jti") is { Length: > 0 } id)
        {
            extra[CredentialIdExtra] = ["JTI=" + id];
        }

        return (ServiceAccountUser(ns, account) with { Extra = extra }, null);
    }

    private async Task<(UserInfo? User, string? Error)> ValidateLegacyAsync(JsonWebToken jwt, string token, CancellationToken cancellationToken)
    {
        var ns = jwt.StringClaim(ServiceAccountTokenIssuer.LegacyNamespaceClaim);
        var secretName = jwt.StringClaim(ServiceAccountTokenIssuer.LegacySecretNameClaim);
        var accountName = jwt.StringClaim(ServiceAccountTokenIssuer.LegacyServiceAccountNameClaim);
        var accountUid = jwt.StringClaim(ServiceAccountTokenIssuer.LegacyServiceAccountUidClaim);
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(secretName) || string.IsNullOrEmpty(accountName) || string.IsNullOrEmpty(accountUid)
            || jwt.StringClaim("sub") != ServiceAccountTokenIssuer.UserName(ns, accountName))
        {
            return (null, "service account token claims are incomplete");
        }

        var secret = await store.GetAsync(new StorageKey("secrets", ns, secretName), cancellationToken).ConfigureAwait(false);
        if (secret is null || StoredFields.IsDeleting(secret) || StoredFields.Type(secret) != ServiceAccountTokenType)
        {
            return (null, "Token has been invalidated");
        }

        // The Secret must hold this very token: replacing or deleting it revokes the token.
        if (StoredFields.SecretValue(secret, "token") is not { } stored || !CryptographicOperations.FixedTimeEquals(stored, Encoding.UTF8.GetBytes(token)))
        {
            return (null, "Token does not match server's copy");
        }

        var account = await store.GetAsync(new StorageKey("serviceaccounts", ns, accountName), cancellationToken).ConfigureAwait(false);
        if (account is null || StoredFields.IsDeleting(account))
        {
            return (null, $"ServiceAccount {ns}/{accountName} has been deleted");
        }

        if (StoredFields.Uid(account) != accountUid)
        {
            return (null, $"ServiceAccount UID ({StoredFields.Uid(account)}) does not match claim ({accountUid})");
        }

        return (ServiceAccountUser(ns, new ObjectRef(accountName, accountUid)), null);
    }

    private async Task<bool> ExistsAsync(StorageKey key, string uid, CancellationToken cancellationToken) =>
        await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is { } obj && !StoredFields.IsDeleting(obj) && StoredFields.Uid(obj) == uid;

    private static UserInfo ServiceAccountUser(string ns, ObjectRef account) =>
        UserInfo.Authenticated(ServiceAccountTokenIssuer.UserName(ns, account.Name), account.Uid, [ServiceAccountsGroup, ServiceAccountsGroup + ":" + ns]);

    // Go's %q of a string slice: ["a" "b"].
    private static string QuoteAll(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(GoValueFormat.Quote)) + "]";
}
