using System.Net;
using Clusternet.Runtime.Hub;
using Clusternet.Runtime.Tunnel;
using Clusternet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>The hub's clients to a child reached directly: the child's certificate must chain to the cluster's own CA.</summary>
public sealed class ChildHttpClientsTests
{
    [Fact]
    public async Task A_direct_child_is_trusted_through_its_registered_ca_and_no_other()
    {
        var (caPem, serving) = ServingCertificates.Issue("child.example");
        var (otherCaPem, _) = ServingCertificates.Issue("child.example");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = serving })));
        await using var app = builder.Build();
        app.Run(context => context.Response.WriteAsync("ok"));
        await app.StartAsync();
        var address = new Uri(app.Urls.First());

        var tunnel = new RemoteDialerServer();
        using var clients = new ChildHttpClients(tunnel, new ClusternetHubOptions());

        using var trusted = await clients.Get("c1", viaTunnel: false, caPem, null)
            .SendAsync(new HttpRequestMessage(HttpMethod.Get, address), CancellationToken.None);
        Assert.Equal("ok", await trusted.Content.ReadAsStringAsync());

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => clients.Get("c2", viaTunnel: false, otherCaPem, null)
            .SendAsync(new HttpRequestMessage(HttpMethod.Get, address), CancellationToken.None));
        Assert.IsType<System.Security.Authentication.AuthenticationException>(refused.InnerException);
    }
}
