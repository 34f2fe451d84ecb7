using System.Text;
using Clusternet.Known;

namespace Clusternet.Redirection;

/// <summary>
/// Credentials for a child cluster that a caller hands to the hub, upstream Clusternet's way: the caller
/// impersonates user <c>clusternet</c> in the parent with user extras holding a child bearer token
/// (<c>Impersonate-Extra-Clusternet-Token</c>) or a client certificate and key
/// (<c>Impersonate-Extra-Clusternet-Certificate</c> / <c>-PrivateKey</c>, base64 of the PEM). The parent authorizes
/// the impersonation, its aggregator passes the extras to the hub, and the hub presents them to the child, whose own
/// RBAC then decides.
/// </summary>
/// <remarks>
/// Without child credentials the request reaches the hub with the caller's parent identity only; a hub in
/// identity-passthrough mode then uses the cluster's registered credentials and impersonates that identity in the child.
/// </remarks>
public sealed class ChildCredentials
{
    private ChildCredentials(IReadOnlyList<KeyValuePair<string, string>> userExtras)
    {
        UserExtras = userExtras;
    }

    /// <summary>
    /// The user extras sent with <c>Impersonate-User: clusternet</c>, by extra key (<c>clusternet-token</c>,
    /// <c>clusternet-certificate</c>, <c>clusternet-privatekey</c>) — the keys a kubeconfig's <c>as-user-extra</c> uses.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> UserExtras { get; }

    /// <summary>A bearer token of the child cluster (for example its <c>clusternet-app-deployer</c> token), sent as is.</summary>
    /// <param name="token">The token.</param>
    public static ChildCredentials FromToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        return new([new(ClusternetHeaders.TokenExtra, HeaderSafe(token.Trim(), nameof(token)))]);
    }

    /// <summary>A client certificate and its private key for the child cluster, both PEM text; sent base64-encoded as upstream expects.</summary>
    /// <param name="certificatePem">The PEM of the certificate (chain).</param>
    /// <param name="privateKeyPem">The PEM of the private key.</param>
    public static ChildCredentials FromCertificate(string certificatePem, string privateKeyPem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(certificatePem);
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKeyPem);
        if (!certificatePem.Contains("-----BEGIN", StringComparison.Ordinal) || !privateKeyPem.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            throw new ArgumentException("The certificate and the private key must be PEM text.");
        }

        return new(
        [
            new(ClusternetHeaders.CertificateExtra, Convert.ToBase64String(Encoding.UTF8.GetBytes(certificatePem))),
            new(ClusternetHeaders.PrivateKeyExtra, Convert.ToBase64String(Encoding.UTF8.GetBytes(privateKeyPem))),
        ]);
    }

    /// <summary>The request headers: <c>Impersonate-User</c> and one <c>Impersonate-Extra-</c> header per extra.</summary>
    internal IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new(ClusternetHeaders.ImpersonateUser, ClusternetHeaders.ProxyUser);
        foreach (var (key, value) in UserExtras)
        {
            yield return new(HeaderNameOf(key), value);
        }
    }

    private static string HeaderNameOf(string extraKey) => extraKey switch
    {
        ClusternetHeaders.TokenExtra => ClusternetHeaders.ImpersonateExtraToken,
        ClusternetHeaders.CertificateExtra => ClusternetHeaders.ImpersonateExtraCertificate,
        _ => ClusternetHeaders.ImpersonateExtraPrivateKey,
    };

    // A token with a line break would split the header (or be refused by the HTTP stack on every call); refuse it once, here.
    private static string HeaderSafe(string value, string parameter) =>
        value.AsSpan().IndexOfAny('\r', '\n') >= 0 ? throw new ArgumentException("The value must not contain line breaks.", parameter) : value;
}
