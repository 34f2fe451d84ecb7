using System.Text;
using Clusternet.ControlPlane.Controllers;
using Clusternet.ControlPlane.Controllers.ServiceAccounts;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Security.Authentication;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Controllers;

public sealed class ServiceAccountControllerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task ANewNamespaceGetsTheDefaultServiceAccount()
    {
        var ns = await server.NewNamespaceAsync();

        await Eventually.TrueAsync(async () => !await ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)), "the default service account");
    }

    [Fact]
    public async Task ADeletedDefaultServiceAccountIsRecreated()
    {
        var ns = await server.NewNamespaceAsync();
        var first = await Eventually.ValueAsync(async () => await ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)) ? null : await server.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns), "the default service account");

        await server.Client.CoreV1.DeleteNamespacedServiceAccountAsync("default", ns);

        await Eventually.TrueAsync(
            async () => !await ControllerObjects.GoneAsync(() => server.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns))
                && (await server.Client.CoreV1.ReadNamespacedServiceAccountAsync("default", ns)).Metadata.Uid != first.Metadata.Uid,
            "a new default service account");
    }

    [Fact]
    public async Task ATokenSecretIsFilledAndGoesWithItsServiceAccount()
    {
        // A plane without its own controllers runs the token controller here with a fake signer.
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { Controllers = false });
        using var client = new Kubernetes(plane.CreateAdminConfiguration());
        using var stop = new CancellationTokenSource();
        var controller = new TokenController(NullLogger.Instance);
        var running = controller.RunAsync(new ControllerContext(new Kubernetes(plane.CreateAdminConfiguration()), TimeProvider.System, new FakeSigner(), "PEM"), stop.Token);
        var account = await client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, "default");
        await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "robot-token", Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = "robot" } },
                Type = "kubernetes.io/service-account-token",
            },
            "default");

        var filled = await Eventually.ValueAsync(
            async () =>
            {
                var secret = await client.CoreV1.ReadNamespacedSecretAsync("robot-token", "default");
                return secret.Data?.ContainsKey("token") == true ? secret : null;
            },
            "the token to be filled");
        Assert.Equal($"signed:default/robot/{account.Metadata.Uid}/robot-token", Encoding.UTF8.GetString(filled.Data["token"]));
        Assert.Equal("PEM", Encoding.UTF8.GetString(filled.Data["ca.crt"]));
        Assert.Equal("default", Encoding.UTF8.GetString(filled.Data["namespace"]));
        Assert.Equal(account.Metadata.Uid, filled.Metadata.Annotations["kubernetes.io/service-account.uid"]);

        await client.CoreV1.DeleteNamespacedServiceAccountAsync("robot", "default");

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => client.CoreV1.ReadNamespacedSecretAsync("robot-token", "default")), "the token secret to go");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Fact]
    public async Task AFilledTokenSecretWhoseAccountIsGoneIsDeletedWhenTheControllerStarts()
    {
        // Only the event of the controller's own fill is skipped: a complete token Secret it did not write (left from
        // before a restart, or copied in) is still checked against its account.
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { Controllers = false });
        using var client = new Kubernetes(plane.CreateAdminConfiguration());
        await client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = "orphan-token",
                    Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = "gone", ["kubernetes.io/service-account.uid"] = "0000" },
                },
                Type = "kubernetes.io/service-account-token",
                Data = new Dictionary<string, byte[]> { ["token"] = "t"u8.ToArray(), ["ca.crt"] = "PEM"u8.ToArray(), ["namespace"] = "default"u8.ToArray() },
            },
            "default");
        using var stop = new CancellationTokenSource();
        var running = new TokenController(NullLogger.Instance).RunAsync(new ControllerContext(new Kubernetes(plane.CreateAdminConfiguration()), TimeProvider.System, new FakeSigner(), "PEM"), stop.Token);

        await Eventually.TrueAsync(() => ControllerObjects.GoneAsync(() => client.CoreV1.ReadNamespacedSecretAsync("orphan-token", "default")), "the orphaned token secret to go");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    private sealed class FakeSigner : IServiceAccountTokenSigner
    {
        public string SignSecretToken(string @namespace, string serviceAccountName, string serviceAccountUid, string secretName) =>
            $"signed:{@namespace}/{serviceAccountName}/{serviceAccountUid}/{secretName}";
    }
}
