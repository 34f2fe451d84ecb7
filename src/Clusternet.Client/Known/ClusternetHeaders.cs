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

    /// <summary>The header by which the scheduler tells the replica predictor which cluster it asks about.</summary>
    public const string ClusterId = "Cluster-ID";
}
