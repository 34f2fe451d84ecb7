using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// Bootstrap tokens, <c>&lt;id&gt;.&lt;secret&gt;</c>, kept as Secrets <c>bootstrap-token-&lt;id&gt;</c> of type
/// <c>bootstrap.kubernetes.io/token</c> in kube-system (how kubeadm join and Clusternet agents first reach a parent).
/// The token authenticates <c>system:bootstrap:&lt;id&gt;</c> in <c>system:bootstrappers</c> and the Secret's
/// <c>auth-extra-groups</c> while the Secret exists, allows authentication, and has not expired. As in
/// kube-apiserver, a token that does not match any such Secret is simply not recognised (the request gets 401).
/// </summary>
internal sealed partial class BootstrapTokenAuthenticator(IObjectStore store, TimeProvider time) : ITokenAuthenticator
{
    public const string SecretType = "bootstrap.kubernetes.io/token";
    public const string SecretNamespace = "kube-system";
    public const string SecretNamePrefix = "bootstrap-token-";
    public const string BootstrappersGroup = "system:bootstrappers";
    public const string UserPrefix = "system:bootstrap:";

    public async ValueTask<TokenAuthenticationResult> AuthenticateTokenAsync(string token, IReadOnlyList<string> audiences, CancellationToken cancellationToken)
    {
        var match = TokenFormat().Match(token);
        if (!match.Success)
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        var id = match.Groups[1].Value;
        var secret = await store.GetAsync(new StorageKey("secrets", SecretNamespace, SecretNamePrefix + id), cancellationToken).ConfigureAwait(false);
        if (secret is null || StoredFields.IsDeleting(secret) || StoredFields.Type(secret) != SecretType)
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        if (StoredFields.SecretValue(secret, "token-secret") is not { } stored
            || !CryptographicOperations.FixedTimeEquals(stored, Encoding.UTF8.GetBytes(match.Groups[2].Value))
            || Text(secret, "token-id") != id)
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        if (Text(secret, "expiration") is { } expiration
            && (!DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires) || expires <= time.GetUtcNow()))
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        if (Text(secret, "usage-bootstrap-authentication") != "true")
        {
            return TokenAuthenticationResult.NotApplicable;
        }

        var groups = new List<string> { BootstrappersGroup };
        if (Text(secret, "auth-extra-groups") is { Length: > 0 } extra)
        {
            foreach (var group in extra.Split(',').Select(g => g.Trim()))
            {
                if (!ExtraGroupFormat().IsMatch(group))
                {
                    return TokenAuthenticationResult.Failed($"bootstrap token group {group} is invalid: it must match {ExtraGroupFormat()}");
                }

                groups.Add(group);
            }
        }

        return TokenAuthenticationResult.Success(UserInfo.Authenticated(UserPrefix + id, string.Empty, groups), audiences);
    }

    private static string? Text(System.Text.Json.Nodes.JsonObject secret, string key) =>
        StoredFields.SecretValue(secret, key) is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    [GeneratedRegex("^([a-z0-9]{6})\\.([a-z0-9]{16})$")]
    private static partial Regex TokenFormat();

    [GeneratedRegex("^system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]$")]
    private static partial Regex ExtraGroupFormat();
}
