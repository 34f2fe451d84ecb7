using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Clusternet.Known;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// The credentials the hub presents to a child for one request, and the identity it asks the child to impersonate.
/// </summary>
/// <param name="BearerToken">Sent as <c>Authorization: Bearer</c>.</param>
/// <param name="ClientCertificate">The TLS client certificate, with its key.</param>
/// <param name="Impersonate">The parent user to impersonate in the child (identity passthrough), or null.</param>
internal sealed record ChildCredential(string? BearerToken, X509Certificate2? ClientCertificate, HubUser? Impersonate)
{
    /// <summary>
    /// The caller's own child credentials, upstream's way: extras <c>clusternet-token</c>, or
    /// <c>clusternet-certificate</c> + <c>clusternet-privatekey</c> (base64 of PEM). Null when the caller sent none.
    /// </summary>
    /// <exception cref="FormatException">The certificate or key is not valid base64 PEM, or they do not pair (upstream's 400 messages).</exception>
    public static ChildCredential? FromCallerExtras(HubUser user)
    {
        if (user.Extra(ClusternetHeaders.TokenExtra) is { Length: > 0 } token)
        {
            return new ChildCredential(token, null, null);
        }

        var certificate = user.Extra(ClusternetHeaders.CertificateExtra);
        var key = user.Extra(ClusternetHeaders.PrivateKeyExtra);
        if (string.IsNullOrEmpty(certificate) || string.IsNullOrEmpty(key))
        {
            return null;
        }

        var certificatePem = Decode(certificate, "invalid certificate in header Clusternet-Certificate");
        var keyPem = Decode(key, "invalid private key in header Clusternet-PrivateKey");
        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificatePem, keyPem);

            // SslStream on Linux wants a certificate whose key it can reload; a PKCS#12 round trip gives it one.
            var usable = X509CertificateLoader.LoadPkcs12(pair.Export(X509ContentType.Pkcs12), null);
            return new ChildCredential(null, usable, null);
        }
        catch (CryptographicException e)
        {
            throw new FormatException("invalid key pair in header: " + e.Message, e);
        }
    }

    /// <summary>A key that tells pooled connections apart: connections made with different client certificates must not be shared.</summary>
    public string ConnectionKey => ClientCertificate?.Thumbprint ?? string.Empty;

    private static string Decode(string base64, string message)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException e)
        {
            throw new FormatException(message + ": " + e.Message, e);
        }
    }
}
