using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Clusternet.Runtime.DependencyInjection;

/// <summary>TLS settings a hub listener needs.</summary>
public static class ClusternetHubHttpsOptionsExtensions
{
    /// <summary>
    /// Asks clients for a certificate without requiring one, and accepts any in the handshake: the hub decides per
    /// request, trusting the parent's front-proxy identity headers only when the certificate chains to the
    /// requestheader CA the parent publishes (which can change at run time, so it cannot be fixed in the listener).
    /// </summary>
    /// <param name="options">The listener's HTTPS options.</param>
    /// <returns><paramref name="options"/>.</returns>
    public static HttpsConnectionAdapterOptions AllowClusternetHubClientCertificates(this HttpsConnectionAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
        options.ClientCertificateValidation = (_, _, _) => true;
        return options;
    }
}
