using System.Net;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Security.Certificates;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Security.Authentication;

/// <summary>TLS client certificates: those the instance CA issued authenticate CN/O; others are refused with 401.</summary>
public sealed class ClientCertificateTests(AuthenticationFixture server) : IClassFixture<AuthenticationFixture>
{
    [Fact]
    public async Task ACertificateFromTheInstanceCaAuthenticatesItsSubject()
    {
        using var certificate = server.Plane.IssueClientCertificate("jane", ["team-a", "team-b"], TimeSpan.FromHours(1));

        var user = await server.WhoAmIAsync(token: null, certificate);

        Assert.Equal("jane", (string?)user["username"]);
        Assert.Equal(["team-a", "team-b", "system:authenticated"], AuthenticationFixture.Strings(user["groups"]));
    }

    [Fact]
    public async Task ACertificateFromAnotherCaIsUnauthorized()
    {
        using var foreign = CertificateAuthority.Create("elsewhere", TimeProvider.System);
        using var certificate = foreign.IssueClient("jane", ["system:masters"], TimeProvider.System, TimeSpan.FromHours(1));

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token: null, certificate));
    }

    [Fact]
    public async Task AnExpiredCertificateIsUnauthorized()
    {
        var clock = new ShiftedTime(TimeSpan.Zero);
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { Time = clock, Security = new() { Authorization = false } });
        using var certificate = plane.IssueClientCertificate("jane", [], TimeSpan.FromHours(1));
        var handler = plane.CreateTrustingHandler();
        handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        using var http = new HttpClient(handler) { BaseAddress = plane.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("api/v1/namespaces/default/configmaps")).StatusCode);

        clock.Shift = TimeSpan.FromHours(2);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("api/v1/namespaces/default/configmaps")).StatusCode);
    }

    [Fact]
    public async Task AServingCertificateIsNotAClientCredential()
    {
        using var serving = server.Plane.Authority.IssueServing(TimeProvider.System);

        AuthenticationFixture.AssertUnauthorized(await server.ListConfigMapsAsAsync(token: null, serving));
    }

    [Fact]
    public async Task AValidTokenWinsOverAForeignCertificate()
    {
        // Static tokens come before certificates in the chain, as the first accepting authenticator decides.
        using var foreign = CertificateAuthority.Create("elsewhere", TimeProvider.System);
        using var certificate = foreign.IssueClient("jane", [], TimeProvider.System, TimeSpan.FromHours(1));

        var user = await server.WhoAmIAsync(server.Plane.AdminToken, certificate);

        Assert.Equal("clusternet-admin", (string?)user["username"]);
    }
}
