namespace Clusternet.Known;

/// <summary>
/// HTTP headers of the socket proxy and the replica predictor. A client reaches the hub through the
/// Kubernetes aggregator, so it passes the proxy's credentials as impersonation user extras
/// (<c>Impersonate-Extra-clusternet-token</c>, …); the hub receives them as lower-cased
/// <c>X-Remote-Extra-</c> headers, which is why only the lower-case keys below are effective.
/// </summary>
public static class ClusternetHeaders
{
    /// <summary>The prefix of Clusternet's extra headers. Since the aggregator lower-cases extra keys, a prefix match on it never succeeds upstream.</summary>
    public const string Prefix = "Clusternet-";

    /// <summary>A bearer token the hub presents to the child cluster instead of its own credentials.</summary>
    public const string Token = "Clusternet-Token";

    /// <summary>A base64-encoded PEM client certificate the hub presents to the child cluster.</summary>
    public const string Certificate = "Clusternet-Certificate";

    /// <summary>The base64-encoded PEM private key that goes with <see cref="Certificate"/>.</summary>
    public const string PrivateKey = "Clusternet-PrivateKey";

    /// <summary>The user-extra key under which <see cref="Token"/> arrives at the hub (and which the socketsproxy ClusterRole allows impersonating).</summary>
    public const string TokenExtra = "clusternet-token";

    /// <summary>The user-extra key under which <see cref="Certificate"/> arrives at the hub.</summary>
    public const string CertificateExtra = "clusternet-certificate";

    /// <summary>The user-extra key under which <see cref="PrivateKey"/> arrives at the hub.</summary>
    public const string PrivateKeyExtra = "clusternet-privatekey";

    /// <summary>The user a caller impersonates in the parent to hand child credentials to the socket proxy (the socketsproxy ClusterRole allows only this name).</summary>
    public const string ProxyUser = "clusternet";

    /// <summary>The Kubernetes impersonation header naming the user; set to <see cref="ProxyUser"/> when child credentials are sent.</summary>
    public const string ImpersonateUser = "Impersonate-User";

    /// <summary>The Kubernetes impersonation header that carries <see cref="TokenExtra"/>: the child's bearer token, in plain text.</summary>
    public const string ImpersonateExtraToken = "Impersonate-Extra-" + Token;

    /// <summary>The Kubernetes impersonation header that carries <see cref="CertificateExtra"/>: base64 of the child client certificate's PEM.</summary>
    public const string ImpersonateExtraCertificate = "Impersonate-Extra-" + Certificate;

    /// <summary>The Kubernetes impersonation header that carries <see cref="PrivateKeyExtra"/>: base64 of the child client key's PEM.</summary>
    public const string ImpersonateExtraPrivateKey = "Impersonate-Extra-" + PrivateKey;

    /// <summary>The header by which the scheduler tells the replica predictor which cluster it asks about.</summary>
    public const string ClusterId = "Cluster-ID";
}
