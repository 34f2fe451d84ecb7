using k8s;
using System.Text;
using Clusternet.ControlPlane.Security.Tokens;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>Service account tokens over HTTPS: bound tokens from TokenRequest and legacy Secret tokens, accepted and refused.</summary>
public sealed class ServiceAccountTokenTests(AuthenticationFixture server) : IClassFixture<AuthenticationFixture>
{
    private const string Issuer = "https://kubernetes.default.svc.cluster.local";

    [Fact]
    public async Task ABoundTokenAuthenticatesItsServiceAccount()
    {
        var account = await server.NewServiceAccountAsync();
        var token = await server.RequestTokenAsync(account);

        var user = await server.WhoAmIAsync(token.Status.Token);

        var ns = account.Metadata.NamespaceProperty;
        Assert.Equal($"system:serviceaccount:{ns}:robot", (string?)user["username"]);
        Assert.Equal(account.Metadata.Uid, (string?)user["uid"]);
        Assert.Equal(["system:serviceaccounts", $"system:serviceaccounts:{ns}", "system:authenticated"], AuthenticationFixture.Strings(user["groups"]));
        Assert.StartsWith("JTI=", AuthenticationFixture.Strings(user["extra"]!["authentication.kubernetes.io/credential-id"])[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABoundTokenCarriesTheClaimsKubeApiserverIssues()
    {
        var account = await server.NewServiceAccountAsync();
        var token = await server.RequestTokenAsync(account);

        var jwt = JsonWebToken.TryDecode(token.Status.Token)!;

        Assert.Equal("RS256", (string?)jwt.Header["alg"]);
        Assert.False(string.IsNullOrEmpty((string?)jwt.Header["kid"]));
        Assert.Equal(Issuer, jwt.StringClaim("iss"));
        Assert.Equal([Issuer], jwt.Audiences);
        Assert.Equal($"system:serviceaccount:{account.Metadata.NamespaceProperty}:robot", jwt.StringClaim("sub"));
        Assert.Equal(3600, (jwt.TimeClaim("exp")! - jwt.TimeClaim("iat")!).Value.TotalSeconds);
        Assert.Equal(jwt.TimeClaim("iat"), jwt.TimeClaim("nbf"));
        Assert.True(Guid.TryParse(jwt.StringClaim("jti"), out _));
        var kubernetes = jwt.Claims["kubernetes.io"]!;
        Assert.Equal(account.Metadata.NamespaceProperty, (string?)kubernetes["namespace"]);
        Assert.Equal("robot", (string?)kubernetes["serviceaccount"]!["name"]);
        Assert.Equal(account.Metadata.Uid, (string?)kubernetes["serviceaccount"]!["uid"]);
    }

    [Fact]
    public async Task AnExpiredBoundTokenIsUnauthorized()
    {
        var account = await server.NewServiceAccountAsync();
        var past = new ServiceAccountTokenIssuer(server.Plane.Authentication.ServiceAccountTokens.Key, new ShiftedTime(TimeSpan.FromHours(-2)));
        var (token, _) = past.IssueBound(account.Metadata.NamespaceProperty, new ObjectRef("robot", account.Metadata.Uid), [Issuer], TimeSpan.FromMinutes(10));

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ABoundTokenNotYetValidIsUnauthorized()
    {
        var account = await server.NewServiceAccountAsync();
        var future = new ServiceAccountTokenIssuer(server.Plane.Authentication.ServiceAccountTokens.Key, new ShiftedTime(TimeSpan.FromHours(1)));
        var (token, _) = future.IssueBound(account.Metadata.NamespaceProperty, new ObjectRef("robot", account.Metadata.Uid), [Issuer], TimeSpan.FromMinutes(10));

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ATokenSignedByAnotherKeyIsUnauthorized()
    {
        var account = await server.NewServiceAccountAsync();
        using var otherKey = ServiceAccountKey.Create();
        var (token, _) = new ServiceAccountTokenIssuer(otherKey, TimeProvider.System)
            .IssueBound(account.Metadata.NamespaceProperty, new ObjectRef("robot", account.Metadata.Uid), [Issuer], TimeSpan.FromHours(1));

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ATokenWithATamperedClaimIsUnauthorized()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account)).Status.Token;
        var parts = token.Split('.');
        var claims = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])).Replace(":robot\"", ":admin\"", StringComparison.Ordinal);
        var tampered = parts[0] + "." + System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claims)) + "." + parts[2];

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(tampered));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("abc.def.ghi")]
    [InlineData("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")]
    public async Task AMalformedTokenIsUnauthorized(string token) =>
        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));

    [Fact]
    public async Task ATokenForAnotherAudienceIsUnauthorizedHere()
    {
        var account = await server.NewServiceAccountAsync();
        var token = await server.RequestTokenAsync(account, audiences: ["vault"]);

        Assert.Equal(["vault"], token.Spec.Audiences);
        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token.Status.Token));
    }

    [Fact]
    public async Task DeletingTheServiceAccountRevokesItsTokens()
    {
        var account = await server.NewServiceAccountAsync();
        var token = (await server.RequestTokenAsync(account)).Status.Token;
        Assert.Equal(200, (await server.ListConfigMapsAsAsync(token)).Code);

        await server.Client.CoreV1.DeleteNamespacedServiceAccountAsync("robot", account.Metadata.NamespaceProperty);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ARecreatedServiceAccountDoesNotReviveTheOldOnesTokens()
    {
        var account = await server.NewServiceAccountAsync();
        var ns = account.Metadata.NamespaceProperty;
        var token = (await server.RequestTokenAsync(account)).Status.Token;

        await server.Client.CoreV1.DeleteNamespacedServiceAccountAsync("robot", ns);
        await server.Client.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "robot" } }, ns);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ATokenBoundToASecretIsRevokedWithTheSecret()
    {
        var account = await server.NewServiceAccountAsync();
        var ns = account.Metadata.NamespaceProperty;
        var secret = await server.Client.CoreV1.CreateNamespacedSecretAsync(new V1Secret { Metadata = new V1ObjectMeta { Name = "anchor" } }, ns);
        var token = await server.RequestTokenAsync(account, boundTo: new V1BoundObjectReference { ApiVersion = "v1", Kind = "Secret", Name = "anchor", Uid = secret.Metadata.Uid });
        var jwt = JsonWebToken.TryDecode(token.Status.Token)!;
        Assert.Equal(secret.Metadata.Uid, (string?)jwt.Claims["kubernetes.io"]!["secret"]!["uid"]);
        Assert.Equal(200, (await server.ListConfigMapsAsAsync(token.Status.Token)).Code);

        await server.Client.CoreV1.DeleteNamespacedSecretAsync("anchor", ns);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token.Status.Token));
    }

    [Fact]
    public async Task ATokenBoundToAPodNamesThePodInTheUsersExtra()
    {
        var account = await server.NewServiceAccountAsync();
        var ns = account.Metadata.NamespaceProperty;
        var pod = await server.Client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod { Metadata = new V1ObjectMeta { Name = "worker" }, Spec = new V1PodSpec { ServiceAccountName = "robot", Containers = [new V1Container { Name = "c", Image = "busybox" }] } },
            ns);
        var token = await server.RequestTokenAsync(account, boundTo: new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = "worker" });

        var user = await server.WhoAmIAsync(token.Status.Token);

        Assert.Equal(["worker"], AuthenticationFixture.Strings(user["extra"]!["authentication.kubernetes.io/pod-name"]));
        Assert.Equal([pod.Metadata.Uid], AuthenticationFixture.Strings(user["extra"]!["authentication.kubernetes.io/pod-uid"]));
    }

    [Fact]
    public async Task ALegacySecretTokenAuthenticatesWhileItsSecretHoldsIt()
    {
        var (ns, token) = await LegacyTokenAsync();

        var user = await server.WhoAmIAsync(token);

        Assert.Equal($"system:serviceaccount:{ns}:robot", (string?)user["username"]);
        Assert.Null(user["extra"]);
    }

    [Fact]
    public async Task DeletingTheSecretRevokesALegacyToken()
    {
        var (ns, token) = await LegacyTokenAsync();

        await server.Client.CoreV1.DeleteNamespacedSecretAsync("robot-token", ns);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ALegacyTokenTheSecretNoLongerHoldsIsUnauthorized()
    {
        var (ns, token) = await LegacyTokenAsync();
        // The token controller may be writing the same Secret (it fills ca.crt and the uid annotation): rotate with a
        // merge patch, which does not race its resourceVersion.
        await server.Client.CoreV1.PatchNamespacedSecretAsync(
            new V1Patch("{\"data\":{\"token\":\"" + Convert.ToBase64String("rotated"u8.ToArray()) + "\"}}", V1Patch.PatchType.MergePatch), "robot-token", ns);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    [Fact]
    public async Task ALegacyTokenInASecretOfAnotherTypeIsUnauthorized()
    {
        var account = await server.NewServiceAccountAsync();
        var ns = account.Metadata.NamespaceProperty;
        var token = server.Plane.Authentication.ServiceAccountTokens.SignSecretToken(ns, "robot", account.Metadata.Uid, "opaque");
        await server.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "opaque" }, Type = "Opaque", Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes(token) } },
            ns);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token));
    }

    private async Task<(string Namespace, string Token)> LegacyTokenAsync()
    {
        var account = await server.NewServiceAccountAsync();
        var ns = account.Metadata.NamespaceProperty;
        var token = server.Plane.Authentication.ServiceAccountTokens.SignSecretToken(ns, "robot", account.Metadata.Uid, "robot-token");
        await server.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "robot-token", Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = "robot" } },
                Type = "kubernetes.io/service-account-token",
                Data = new Dictionary<string, byte[]> { ["token"] = Encoding.UTF8.GetBytes(token) },
            },
            ns);
        Assert.Equal(200, (await server.ListConfigMapsAsAsync(token)).Code);
        return (ns, token);
    }
}
