namespace Clusternet.ControlPlane.Security.Certificates;

/// <summary>
/// The certificates of one instance: its CA and the serving certificate it issued. With a data directory they are
/// kept in <c>pki/</c> (PEM, key files readable by the owner only) so that kubeconfigs written before a restart stay
/// valid after it; in memory they are made afresh at each start.
/// </summary>
internal static class InstanceCertificates
{
    public static async Task<CertificateAuthority> LoadOrCreateAsync(string? dataDirectory, string name, TimeProvider time, CancellationToken cancellationToken)
    {
        if (dataDirectory is null)
        {
            return CertificateAuthority.Create(name, time);
        }

        var pki = Path.Combine(dataDirectory, "pki");
        var certificatePath = Path.Combine(pki, name + ".crt");
        var keyPath = Path.Combine(pki, name + ".key");
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            return CertificateAuthority.FromPem(
                await File.ReadAllTextAsync(certificatePath, cancellationToken).ConfigureAwait(false),
                await File.ReadAllTextAsync(keyPath, cancellationToken).ConfigureAwait(false));
        }

        Directory.CreateDirectory(pki);
        var authority = CertificateAuthority.Create(name, time);
        await WriteSecretAsync(keyPath, authority.KeyPem(), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(certificatePath, authority.CertificatePem, cancellationToken).ConfigureAwait(false);
        return authority;
    }

    /// <summary>Writes a file only its owner can read, replacing it atomically.</summary>
    public static async Task WriteSecretAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temporary, options))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(content.AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
