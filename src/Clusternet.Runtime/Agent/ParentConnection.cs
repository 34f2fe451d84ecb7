using System.Net.Security;
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
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsTrusted(ca, certificate, errors);
        }

        return handler;
    }

    public void Dispose() => Kubernetes.Dispose();

    private static bool IsTrusted(X509Certificate2Collection ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
