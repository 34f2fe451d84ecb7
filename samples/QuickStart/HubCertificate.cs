using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Clusternet.Samples.QuickStart;

/// <summary>
/// The hub's serving certificate and the CA that signed it. The parent's aggregator verifies the hub against the CA
/// (the APIService's <c>caBundle</c>), so the certificate names the Service DNS name the aggregator dials by
/// (<c>clusternet-hub.clusternet-system.svc</c>) and 127.0.0.1. Kept in the state directory, so a resumed fleet
/// serves the same certificate the parent's APIService already trusts.
/// </summary>
internal static class HubCertificate
{
    private const string ServiceName = "clusternet-hub.clusternet-system.svc";

    public static async Task<(string CaPem, X509Certificate2 Serving)> LoadOrIssueAsync(string? stateDir, CancellationToken cancellationToken)
    {
        var caPath = stateDir is null ? null : Path.Combine(stateDir, "hub", "ca.crt");
        var pfxPath = stateDir is null ? null : Path.Combine(stateDir, "hub", "serving.pfx");
        if (caPath is not null && pfxPath is not null && File.Exists(caPath) && File.Exists(pfxPath))
        {
            return (await File.ReadAllTextAsync(caPath, cancellationToken), X509CertificateLoader.LoadPkcs12FromFile(pfxPath, null));
        }

        var (caPem, pfx) = Issue();
        if (caPath is not null && pfxPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(caPath)!);
            await File.WriteAllTextAsync(caPath, caPem, cancellationToken);
            await File.WriteAllBytesAsync(pfxPath, pfx, cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(pfxPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return (caPem, X509CertificateLoader.LoadPkcs12(pfx, null));
    }

    private static (string CaPem, byte[] Pfx) Issue()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=clusternet-hub-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + ServiceName, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(ServiceName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = request.Create(ca, now.AddMinutes(-5), now.AddYears(1), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        return (ca.ExportCertificatePem(), withKey.Export(X509ContentType.Pkcs12));
    }
}
