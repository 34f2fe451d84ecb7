using Clusternet.ControlPlane.Security.Authentication;
using k8s;

namespace Clusternet.ControlPlane.Controllers;

/// <summary>
/// A controller that runs inside the control plane, as kube-controller-manager's do beside kube-apiserver: it talks to
/// the server only through the Kubernetes API (the loopback client), so it sees admission, watch and resourceVersion
/// semantics exactly as any client does.
/// </summary>
internal interface IControlPlaneController
{
    /// <summary>A short name for logs and errors, such as <c>namespace</c> or <c>garbagecollector</c>.</summary>
    string Name { get; }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (the server stopping); the host restarts it with backoff when it throws.</summary>
    Task RunAsync(ControllerContext context, CancellationToken cancellationToken);
}

/// <summary>What every in-process controller gets.</summary>
/// <param name="Client">A KubernetesClient on the server's own address, authenticated as the privileged loopback user.</param>
/// <param name="Time">The server's clock.</param>
/// <param name="TokenSigner">Signs the tokens of <c>kubernetes.io/service-account-token</c> Secrets; null leaves them unfilled.</param>
/// <param name="CertificateAuthorityPem">The instance CA in PEM, which token Secrets carry as <c>ca.crt</c>; null leaves it out.</param>
internal sealed record ControllerContext(Kubernetes Client, TimeProvider Time, IServiceAccountTokenSigner? TokenSigner = null, string? CertificateAuthorityPem = null);
