using System.Buffers.Text;
using System.Security.Cryptography;
using Clusternet.ControlPlane.Security.Certificates;

namespace Clusternet.ControlPlane.Security.Tokens;

/// <summary>
/// The key that signs and verifies service account tokens, like kube-apiserver's <c>--service-account-key-file</c> /
/// <c>--service-account-signing-key-file</c>: RSA 2048, kept with the data in <c>pki/sa.key</c> (and the public half in
/// <c>pki/sa.pub</c>, as kubeadm lays them out) so tokens survive a restart; made afresh for an in-memory instance.
/// </summary>
internal sealed class ServiceAccountKey : IDisposable
{
    private ServiceAccountKey(RSA key)
    {
        Key = key;
        // kube-apiserver's key id: the unpadded base64url SHA-256 of the DER (PKIX) public key.
        KeyId = Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    public RSA Key { get; }

    /// <summary>The <c>kid</c> header of every token this key signs.</summary>
    public string KeyId { get; }

    public static ServiceAccountKey Create() => new(RSA.Create(2048));

    public static async Task<ServiceAccountKey> LoadOrCreateAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        if (dataDirectory is null)
        {
            return Create();
        }

        var pki = Path.Combine(dataDirectory, "pki");
        var keyPath = Path.Combine(pki, "sa.key");
        var rsa = RSA.Create();
        try
        {
            if (File.Exists(keyPath))
            {
                rsa.ImportFromPem(await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false));
                return new ServiceAccountKey(rsa);
            }

            rsa.Dispose();
            rsa = RSA.Create(2048);
            Directory.CreateDirectory(pki);
            await InstanceCertificates.WriteSecretAsync(keyPath, rsa.ExportRSAPrivateKeyPem(), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(Path.Combine(pki, "sa.pub"), rsa.ExportSubjectPublicKeyInfoPem(), cancellationToken).ConfigureAwait(false);
            return new ServiceAccountKey(rsa);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    public void Dispose() => Key.Dispose();
}
