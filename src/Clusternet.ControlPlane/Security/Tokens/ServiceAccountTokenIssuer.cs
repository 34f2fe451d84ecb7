using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Security.Authentication;

namespace Clusternet.ControlPlane.Security.Tokens;

/// <summary>
/// Issues service account tokens with the instance's <see cref="ServiceAccountKey"/>, with kube-apiserver's claims:
/// bound tokens (TokenRequest: issuer, audiences, expiry, a <c>jti</c>, and the private <c>kubernetes.io</c> claim
/// naming the service account and the object the token is bound to) and legacy Secret tokens (the
/// <c>kubernetes/serviceaccount</c> issuer, flat <c>kubernetes.io/serviceaccount/*</c> claims, no expiry).
/// </summary>
internal sealed class ServiceAccountTokenIssuer(ServiceAccountKey key, TimeProvider time) : IServiceAccountTokenSigner
{
    /// <summary>
    /// The issuer of bound tokens, kube-apiserver's usual <c>--service-account-issuer</c>; it is also the one API
    /// audience (<c>--api-audiences</c> defaults to the issuer), so a token requested without audiences works here.
    /// </summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    /// <summary>The fixed issuer of legacy Secret tokens.</summary>
    public const string LegacyIssuer = "kubernetes/serviceaccount";

    public const string PrivateClaim = "kubernetes.io";
    public const string LegacyNamespaceClaim = "kubernetes.io/serviceaccount/namespace";
    public const string LegacySecretNameClaim = "kubernetes.io/serviceaccount/secret.name";
    public const string LegacyServiceAccountNameClaim = "kubernetes.io/serviceaccount/service-account.name";
    public const string LegacyServiceAccountUidClaim = "kubernetes.io/serviceaccount/service-account.uid";

    /// <summary>The audiences this server accepts for its own API.</summary>
    public static IReadOnlyList<string> ApiAudiences { get; } = [Issuer];

    public ServiceAccountKey Key { get; } = key;

    /// <summary>The user name of a service account.</summary>
    public static string UserName(string @namespace, string name) => $"system:serviceaccount:{@namespace}:{name}";

    /// <summary>A token for the service account, valid for <paramref name="lifetime"/> from now for <paramref name="audiences"/>.</summary>
    /// <returns>The token and the instant it expires (the <c>exp</c> claim).</returns>
    public (string Token, DateTimeOffset Expiration) IssueBound(
        string @namespace,
        ObjectRef serviceAccount,
        IReadOnlyList<string> audiences,
        TimeSpan lifetime,
        ObjectRef? secret = null,
        ObjectRef? pod = null,
        ObjectRef? node = null)
    {
        // Whole seconds, so that the expiration reported in TokenRequest status is exactly the exp claim.
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var expiration = now + TimeSpan.FromSeconds(Math.Floor(lifetime.TotalSeconds));
        var kubernetes = new JsonObject
        {
            ["namespace"] = @namespace,
            ["serviceaccount"] = serviceAccount.ToJson(),
        };
        if (secret is not null)
        {
            kubernetes["secret"] = secret.ToJson();
        }

        if (pod is not null)
        {
            kubernetes["pod"] = pod.ToJson();
        }

        if (node is not null)
        {
            kubernetes["node"] = node.ToJson();
        }

        var claims = new JsonObject
        {
            ["aud"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]),
            ["exp"] = expiration.ToUnixTimeSeconds(),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            [PrivateClaim] = kubernetes,
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["sub"] = UserName(@namespace, serviceAccount.Name),
        };
        return (JsonWebToken.Sign(claims, Key.Key, Key.KeyId), expiration);
    }

    /// <inheritdoc />
    public string SignSecretToken(string @namespace, string serviceAccountName, string serviceAccountUid, string secretName)
    {
        var claims = new JsonObject
        {
            ["iss"] = LegacyIssuer,
            [LegacyNamespaceClaim] = @namespace,
            [LegacySecretNameClaim] = secretName,
            [LegacyServiceAccountNameClaim] = serviceAccountName,
            [LegacyServiceAccountUidClaim] = serviceAccountUid,
            ["sub"] = UserName(@namespace, serviceAccountName),
        };
        return JsonWebToken.Sign(claims, Key.Key, Key.KeyId);
    }
}

/// <summary>An object a token names: its name and uid.</summary>
internal sealed record ObjectRef(string Name, string Uid)
{
    public JsonObject ToJson() => new() { ["name"] = Name, ["uid"] = Uid };

    /// <summary>Reads <c>{name, uid}</c>; null when either is missing.</summary>
    public static ObjectRef? FromJson(JsonNode? node) =>
        node is JsonObject o && o["name"] is JsonValue n && n.TryGetValue<string>(out var name) && o["uid"] is JsonValue u && u.TryGetValue<string>(out var uid)
            ? new ObjectRef(name, uid)
            : null;
}
