using k8s;
using System.Text;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>Bootstrap tokens (<c>bootstrap-token-&lt;id&gt;</c> Secrets in kube-system) over HTTPS.</summary>
public sealed class BootstrapTokenTests(AuthenticationFixture server) : IClassFixture<AuthenticationFixture>
{
    [Fact]
    public async Task ABootstrapTokenAuthenticatesItsBootstrapUser()
    {
        var token = await CreateAsync("abcdef", "0123456789abcdef", extraGroups: "system:bootstrappers:clusternet:register-cluster-token");

        var user = await server.WhoAmIAsync(token);

        Assert.Equal("system:bootstrap:abcdef", (string?)user["username"]);
        Assert.Equal(["system:bootstrappers", "system:bootstrappers:clusternet:register-cluster-token", "system:authenticated"], AuthenticationFixture.Strings(user["groups"]));
    }

    [Fact]
    public async Task AnExpiredBootstrapTokenIsUnauthorized()
    {
        var token = await CreateAsync("expird", "0123456789abcdef", expiration: DateTime.UtcNow.AddMinutes(-1).ToString("yyyy-MM-ddTHH:mm:ssZ"));

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ABootstrapTokenBeforeItsExpirationIsAccepted()
    {
        var token = await CreateAsync("future", "0123456789abcdef", expiration: DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ"));

        Assert.Equal(200, (await server.ListConfigMapsAsAsync(token)).Code);
    }

    [Fact]
    public async Task DeletingTheSecretRevokesABootstrapToken()
    {
        var token = await CreateAsync("delete", "0123456789abcdef");
        Assert.Equal(200, (await server.ListConfigMapsAsAsync(token)).Code);

        await server.Client.CoreV1.DeleteNamespacedSecretAsync("bootstrap-token-delete", "kube-system");

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task AWrongTokenSecretIsUnauthorized()
    {
        await CreateAsync("wrongs", "0123456789abcdef");

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync("wrongs.0123456789abcdee"));
    }

    [Fact]
    public async Task ATokenNotMeantForAuthenticationIsUnauthorized()
    {
        var token = await CreateAsync("signon", "0123456789abcdef", usage: "false");

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task AnExtraGroupOutsideTheBootstrappersIsUnauthorized()
    {
        var token = await CreateAsync("escalt", "0123456789abcdef", extraGroups: "system:masters");

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    private async Task<string> CreateAsync(string id, string secret, string? expiration = null, string? extraGroups = null, string usage = "true")
    {
        var data = new Dictionary<string, string>
        {
            ["token-id"] = id,
            ["token-secret"] = secret,
            ["usage-bootstrap-authentication"] = usage,
        };
        if (expiration is not null)
        {
            data["expiration"] = expiration;
        }

        if (extraGroups is not null)
        {
            data["auth-extra-groups"] = extraGroups;
        }

        await server.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "bootstrap-token-" + id },
                Type = "bootstrap.kubernetes.io/token",
                Data = data.ToDictionary(d => d.Key, d => Encoding.UTF8.GetBytes(d.Value)),
            },
            "kube-system");
        return id + "." + secret;
    }
}
