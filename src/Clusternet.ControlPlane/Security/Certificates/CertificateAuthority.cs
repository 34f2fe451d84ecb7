using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clusternet.ControlPlane.Security.Certificates;

/// <summary>
/// A self-signed CA (ECDSA P-256) that issues the instance's serving certificate and client certificates. Client
/// certificates carry the user in the subject CN and groups in O, as kube-apiserver reads them.
/// </summary>
internal sealed class CertificateAuthority : IDisposable
{
    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The CA certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate alone, PEM, as kubeconfigs carry it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    public static CertificateAuthority Create(string commonName, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        return new CertificateAuthority(request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10)));
    }

    public static CertificateAuthority FromPem(string certificatePem, string keyPem) =>
        new(X509Certificate2.CreateFromPem(certificatePem, keyPem));

    /// <summary>The CA's private key, PEM (PKCS#8), for persisting it in the data directory.</summary>
    public string KeyPem() => Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>A serving certificate for 127.0.0.1 and the in-cluster names clients use for the API server.</summary>
    public X509Certificate2 IssueServing(TimeProvider time)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        foreach (var dns in new[] { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local" })
        {
            names.AddDnsName(dns);
        }

        return Issue("CN=kube-apiserver", [names.Build(), new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)], time, TimeSpan.FromDays(3650));
    }

    /// <summary>A client certificate for <paramref name="user"/> in <paramref name="groups"/> (CN and O), valid for <paramref name="lifetime"/>.</summary>
    public X509Certificate2 IssueClient(string user, IEnumerable<string> groups, TimeProvider time, TimeSpan lifetime)
    {
        var subject = new X500DistinguishedNameBuilder();
        foreach (var group in groups)
        {
            subject.AddOrganizationName(group);
        }

        subject.AddCommonName(user);
        return Issue(subject.Build().Name, [new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false)], time, lifetime);
    }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA and is valid now.</summary>
    public bool Verifies(X509Certificate2 certificate, TimeProvider time)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = time.GetUtcNow().UtcDateTime;
        return chain.Build(certificate);
    }

    public void Dispose() => Certificate.Dispose();

    private X509Certificate2 Issue(string subject, IEnumerable<X509Extension> extensions, TimeProvider time, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        var now = time.GetUtcNow();
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number
        var notAfter = now + lifetime < Certificate.NotAfter ? now + lifetime : new DateTimeOffset(Certificate.NotAfter);
        using var issued = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }
}
