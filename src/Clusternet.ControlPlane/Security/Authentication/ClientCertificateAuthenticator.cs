using System.Security.Cryptography.X509Certificates;
using Clusternet.ControlPlane.Security.Certificates;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>
/// TLS client certificates issued by the instance CA for client authentication: the subject's CN is the user and each
/// O a group, as kube-apiserver's <c>--client-ca-file</c> authenticator reads them. A certificate that does not chain
/// to the CA, has expired, or is not for client authentication is refused; one without a CN is not a user.
/// </summary>
internal sealed class ClientCertificateAuthenticator(CertificateAuthority authority, TimeProvider time) : IRequestAuthenticator
{
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    public ValueTask<AuthenticationResult> AuthenticateAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Connection.ClientCertificate is not { } certificate)
        {
            return ValueTask.FromResult(AuthenticationResult.NotApplicable);
        }

        if (!authority.Verifies(certificate, time))
        {
            return ValueTask.FromResult(AuthenticationResult.Failed("x509: certificate signed by unknown authority or not valid now"));
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        if (usages is not null && !usages.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(u => u.Value == ClientAuthentication))
        {
            return ValueTask.FromResult(AuthenticationResult.Failed("x509: certificate specifies an incompatible key usage"));
        }

        if (CommonName(certificate) is not { Length: > 0 } name)
        {
            return ValueTask.FromResult(AuthenticationResult.NotApplicable);
        }

        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.10")
            .Select(r => r.GetSingleElementValue())
            .OfType<string>();
        return ValueTask.FromResult(AuthenticationResult.Success(UserInfo.Authenticated(name, string.Empty, groups)));
    }

    // The last CN, as Go's pkix.Name reads a subject with several.
    private static string? CommonName(X509Certificate2 certificate) =>
        certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(r => r.GetSingleElementType().Value == "2.5.4.3")
            .Select(r => r.GetSingleElementValue())
            .LastOrDefault();
}
