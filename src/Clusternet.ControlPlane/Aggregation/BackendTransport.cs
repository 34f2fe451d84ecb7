using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The HTTP clients to backends, one pooled <see cref="HttpMessageInvoker"/> per trust configuration (CA bundle and
/// server name, or no verification), all presenting the front-proxy client certificate — as kube-aggregator keeps one
/// transport per APIService. No proxy, no redirects followed, no decompression, no cookies: the forwarded exchange is
/// the backend's, byte for byte.
/// </summary>
internal sealed class BackendTransport(FrontProxy frontProxy) : IDisposable
{
    /// <summary>
    /// How long a TCP+TLS connect may take before the backend counts as unreachable: kube-aggregator's TLS handshake
    /// timeout. A refused connection fails at once whatever this is; a short limit only turned a busy backend's slow
    /// handshake into a 503.
    /// </summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Lazy<HttpMessageInvoker>> invokers = new(StringComparer.Ordinal);

    // Per route object (reference identity: a changed APIService yields a new route), so that the CA bundle is not
    // hashed again on every proxied request.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<ApiServiceRoute, HttpMessageInvoker> byRoute = new();

    /// <summary>The invoker for an APIService's trust settings.</summary>
    public HttpMessageInvoker For(ApiServiceRoute route) =>
        byRoute.TryGetValue(route, out var known)
            ? known
            : byRoute.GetValue(route, r => For(r.InsecureSkipTlsVerify ? null : r.CaBundle ?? [], r.Service?.ServerName ?? string.Empty));

    /// <summary>An invoker that does not verify the backend (the availability probe's, as upstream's).</summary>
    public HttpMessageInvoker Insecure => For(null, string.Empty);

    public void Dispose()
    {
        foreach (var invoker in invokers.Values)
        {
            if (invoker.IsValueCreated)
            {
                invoker.Value.Dispose();
            }
        }
    }

    private HttpMessageInvoker For(byte[]? caBundle, string serverName)
    {
        var key = caBundle is null ? "insecure" : serverName + "|" + Convert.ToHexString(SHA256.HashData(caBundle));
        return invokers.GetOrAdd(key, _ => new Lazy<HttpMessageInvoker>(() => Create(caBundle, serverName))).Value;
    }

    private HttpMessageInvoker Create(byte[]? caBundle, string serverName)
    {
        var client = frontProxy.ClientCertificate;
        var roots = caBundle is null ? [] : Roots(caBundle);
        var validation = caBundle is null ? static (_, _, _, _) => true : Verifier(roots, serverName);

        // SslStream builds the chain before it calls the validation callback; with the bundle's roots alone (none for
        // insecureSkipTLSVerify) that build does not search the system's root store on every new backend connection,
        // and every agent's tunnel is one.
        var chainPolicy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        chainPolicy.CustomTrustStore.AddRange(roots);
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = null,
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            EnableMultipleHttp2Connections = true,
            // TLS is done here rather than by the handler (the URLs say http://) so that the plaintext can pass through
            // HeaderLineStream; see RepeatedHeaderLines. Only HTTP/1.1 is spoken to backends, so nothing needs ALPN h2.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    var tls = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
                    try
                    {
                        await tls.AuthenticateAsClientAsync(
                            new SslClientAuthenticationOptions
                            {
                                TargetHost = serverName.Length > 0 ? serverName : context.DnsEndPoint.Host,
                                ClientCertificates = [client],
                                LocalCertificateSelectionCallback = (_, _, _, _, _) => client,
                                RemoteCertificateValidationCallback = validation,
                                CertificateChainPolicy = chainPolicy,
                                ApplicationProtocols = [SslApplicationProtocol.Http11],
                                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                            },
                            cancellationToken).ConfigureAwait(false);
                    }
                    catch
                    {
                        await tls.DisposeAsync().ConfigureAwait(false);
                        throw;
                    }

                    return new HeaderLineStream(tls);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpMessageInvoker(handler, disposeHandler: true);
    }

    // The URL names the endpoint's address, so the platform's name check fails by design; the certificate must instead
    // chain to the CA bundle and name <service>.<namespace>.svc, which is what kube-aggregator checks.
    private static X509Certificate2Collection Roots(byte[] caBundle)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPem(System.Text.Encoding.UTF8.GetString(caBundle));
        }
        catch (CryptographicException)
        {
            // An unreadable bundle trusts nothing.
            roots.Clear();
        }

        return roots;
    }

    private static RemoteCertificateValidationCallback Verifier(X509Certificate2Collection roots, string serverName)
    {
        return (_, certificate, presentedChain, _) =>
        {
            if (certificate is not X509Certificate2 leaf || roots.Count == 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (presentedChain is not null)
            {
                foreach (var element in presentedChain.ChainElements.Skip(1))
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            return chain.Build(leaf) && leaf.MatchesHostname(serverName, allowWildcards: true, allowCommonName: false);
        };
    }
}
