using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Clusternet.Runtime.Tunnel;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// The HTTP clients the hub forwards with, one per cluster, route (tunnel or direct), trusted CA and client
/// certificate, so that connections — and tunnel connections above all — are pooled and reused across requests.
/// </summary>
internal sealed class ChildHttpClients : IDisposable
{
    private const int MaxClients = 512;
    private readonly ConcurrentDictionary<string, HttpMessageInvoker> _clients = new(StringComparer.Ordinal);
    private readonly RemoteDialerServer _tunnel;
    private readonly ClusternetHubOptions _options;

    public ChildHttpClients(RemoteDialerServer tunnel, ClusternetHubOptions options)
    {
        _tunnel = tunnel;
        _options = options;
    }

    /// <summary>A client that reaches <paramref name="clusterId"/>'s network through the tunnel, or directly when <paramref name="viaTunnel"/> is false.</summary>
    /// <param name="clusterId">The cluster.</param>
    /// <param name="viaTunnel">Dial through the agent's session.</param>
    /// <param name="caPem">The CA the target's certificate must chain to; null skips verification, as upstream always does.</param>
    /// <param name="clientCertificate">The TLS client certificate to present, if any.</param>
    public HttpMessageInvoker Get(string clusterId, bool viaTunnel, string? caPem, X509Certificate2? clientCertificate)
    {
        var key = string.Join('\u0001', clusterId, viaTunnel ? "tunnel" : "direct", caPem ?? string.Empty, clientCertificate?.Thumbprint ?? string.Empty);
        if (_clients.TryGetValue(key, out var client))
        {
            return client;
        }

        if (_clients.Count >= MaxClients)
        {
            // Client certificates are per caller, so the set can grow; start over rather than grow without bound.
            // Clients dropped here keep serving the requests that hold them and are collected afterwards.
            _clients.Clear();
        }

        return _clients.GetOrAdd(key, _ => Create(clusterId, viaTunnel, caPem, clientCertificate));
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    private HttpMessageInvoker Create(string clusterId, bool viaTunnel, string? caPem, X509Certificate2? clientCertificate)
    {
        var handler = viaTunnel
            ? _tunnel.CreateHttpHandler(clusterId, _options.ProxyConnectionReuse)
            : new SocketsHttpHandler { UseProxy = false, UseCookies = false, AllowAutoRedirect = false, EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90) };
        handler.ConnectTimeout = _options.ProxyConnectTimeout;
        handler.AutomaticDecompression = System.Net.DecompressionMethods.None;
        handler.ActivityHeadersPropagator = null;
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            // The chain is built against the child's own CA only, never against the system roots first (that search
            // costs more than the rest of a handshake, and with one tunnel connection per request it is per request).
            // The name the hub dials (an IP inside the child's network, or its advertised URL) is checked by the
            // platform. Without a CA (a tunnel whose cluster registered none) nothing is checked: the tunnel itself
            // authenticated the cluster.
            CertificateChainPolicy = TrustOnly(caPem),
            RemoteCertificateValidationCallback = caPem is null ? static (_, _, _, _) => true : null,
            ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    private static X509ChainPolicy TrustOnly(string? caPem)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        if (caPem is not null)
        {
            policy.CustomTrustStore.ImportFromPem(caPem);
        }

        return policy;
    }
}
