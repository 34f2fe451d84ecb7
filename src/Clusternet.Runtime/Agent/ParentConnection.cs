using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;

namespace Clusternet.Runtime.Agent;

/// <summary>A client for the parent with one set of credentials: the bootstrap token, or the cluster's dedicated token and the parent's CA.</summary>
internal sealed class ParentConnection : IDisposable
{
    private ParentConnection(Uri parentUrl, string token, X509Certificate2Collection? ca, bool skipTlsVerify, bool isBootstrap, string? dedicatedNamespace)
    {
        ParentUrl = parentUrl;
        Token = token;
        CertificateAuthority = ca;
        IsBootstrap = isBootstrap;
        DedicatedNamespace = dedicatedNamespace;
        Kubernetes = new Kubernetes(new KubernetesClientConfiguration
        {
            Host = parentUrl.ToString(),
            AccessToken = token,
            SslCaCerts = ca,
            SkipTlsVerify = ca is null && skipTlsVerify,

            // The handshake checks the parent against its CA alone, instead of first building the chain against the
            // system's root store (KubernetesClient's callback looks at the CA only after that fails), which costs more
            // CPU than the rest of the handshake. Without a CA (bootstrap with InsecureSkipParentTlsVerifyOnBootstrap)
            // the policy trusts nothing: KubernetesClient's callback accepts the certificate anyway, and the chain build
            // SslStream runs before that callback has no system store to search.
            FirstMessageHandlerSetup = handler => handler.SslOptions.CertificateChainPolicy = TrustOnly(ca ?? []),
        });
    }

    public Uri ParentUrl { get; }

    public string Token { get; }

    public X509Certificate2Collection? CertificateAuthority { get; }

    public bool IsBootstrap { get; }

    public string? DedicatedNamespace { get; }

    public Kubernetes Kubernetes { get; }

    public static ParentConnection ForBootstrap(ClusternetAgentOptions options) =>
        new(options.ParentUrl!, options.BootstrapToken!, options.ParentCertificateAuthority, options.InsecureSkipParentTlsVerifyOnBootstrap, isBootstrap: true, null);

    public static ParentConnection ForCluster(Uri parentUrl, string token, byte[] caPem, string dedicatedNamespace)
    {
        var ca = new X509Certificate2Collection();
        ca.ImportFromPem(Encoding.UTF8.GetString(caPem));
        return new ParentConnection(parentUrl, token, ca, skipTlsVerify: false, isBootstrap: false, dedicatedNamespace);
    }

    /// <summary>The handler the tunnel's WebSocket handshake uses: it trusts the parent's CA only (upstream skips verification here).</summary>
    public SocketsHttpHandler CreateTunnelHandler()
    {
        var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(30) };
        if (CertificateAuthority is { Count: > 0 } ca)
        {
            handler.SslOptions.CertificateChainPolicy = TrustOnly(ca);
        }

        return handler;
    }

    public void Dispose() => Kubernetes.Dispose();

    /// <summary>A chain policy that trusts these CAs and nothing else (the host name is still checked); with none, it trusts nothing.</summary>
    private static X509ChainPolicy TrustOnly(X509Certificate2Collection ca)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.AddRange(ca);
        return policy;
    }
}
