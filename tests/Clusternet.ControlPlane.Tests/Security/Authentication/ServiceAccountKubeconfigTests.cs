using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Hosting.Kubectl;
using k8s;
using k8s.Models;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>Credentials for users other than the admin, as a user of the library gets them: kubeconfigs and the persisted signing key.</summary>
public sealed class ServiceAccountKubeconfigTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cp-authn-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [KubectlFact]
    public async Task KubectlAuthWhoamiShowsTheServiceAccountOfItsKubeconfig()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory, Security = new() { Authorization = false } });
        var token = await RequestTokenAsync(plane);
        var kubeconfig = Path.Combine(directory, "robot.kubeconfig");
        await plane.WriteKubeconfigAsync(kubeconfig, token);

        var (code, output) = await KubectlProcess.RunAsync(["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(directory, "cache"), "auth", "whoami", "-o", "json"]);

        Assert.True(code == 0, output);
        using var document = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal("SelfSubjectReview", document.RootElement.GetProperty("kind").GetString());
        var user = document.RootElement.GetProperty("status").GetProperty("userInfo");
        Assert.Equal("system:serviceaccount:default:robot", user.GetProperty("username").GetString());
        Assert.Contains("system:serviceaccounts:default", user.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
    }

    [KubectlFact]
    public async Task KubectlCreateTokenIssuesATokenTheServerAccepts()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });
        using var admin = new Kubernetes(plane.CreateAdminConfiguration());
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, "default");

        var (code, output) = await KubectlProcess.RunAsync(["--kubeconfig", plane.KubeconfigPath!, "--cache-dir", Path.Combine(directory, "cache"), "create", "token", "robot", "--duration", "20m", "--audience", "vault"]);

        Assert.True(code == 0, output);
        var review = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = output.Trim(), Audiences = ["vault"] } });
        Assert.True(review.Status.Authenticated, review.Status.Error);
        Assert.Equal("system:serviceaccount:default:robot", review.Status.User.Username);
    }

    [Fact]
    public async Task ATokenIssuedBeforeARestartStillAuthenticatesAfterIt()
    {
        string token;
        await using (var first = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory }))
        {
            token = await RequestTokenAsync(first);
        }

        Assert.True(File.Exists(Path.Combine(directory, "pki", "sa.key")));
        await using var second = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });
        using var admin = new Kubernetes(second.CreateAdminConfiguration());

        var review = await admin.AuthenticationV1.CreateTokenReviewAsync(new V1TokenReview { Spec = new V1TokenReviewSpec { Token = token } });

        Assert.True(review.Status.Authenticated);
        Assert.Equal("system:serviceaccount:default:robot", review.Status.User.Username);
    }

    [Fact]
    public async Task AClientCertificateConfigurationAuthenticatesItsUser()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { Security = new() { Authorization = false } });
        using var certificate = plane.IssueClientCertificate("jane", ["team-a"], TimeSpan.FromHours(1));
        var configuration = new KubernetesClientConfiguration { Host = plane.BaseAddress.ToString(), SslCaCerts = [plane.CertificateAuthority], ClientCertificateData = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificate.ExportCertificatePem())), ClientCertificateKeyData = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem())) };
        using var client = new Kubernetes(configuration);

        var review = await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new V1SelfSubjectReview());

        Assert.Equal("jane", review.Status.UserInfo.Username);
        Assert.Equal(["team-a", "system:authenticated"], review.Status.UserInfo.Groups);
    }

    private static async Task<string> RequestTokenAsync(Plane plane)
    {
        using var admin = new Kubernetes(plane.CreateAdminConfiguration());
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, "default");
        var request = new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = 3600 } };
        return (await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, "robot", "default")).Status.Token;
    }
}
