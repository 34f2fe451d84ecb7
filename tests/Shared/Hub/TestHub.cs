using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Clusternet.Runtime.DependencyInjection;
using Clusternet.Runtime.Hub;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Clusternet.Testing;

/// <summary>
/// The real hub hosted on 127.0.0.1 the way a platform team hosts it: Kestrel with a serving certificate that also asks
/// for the parent's front-proxy client certificate, <c>AddClusternetHub</c> registering itself with the parent through
/// APIService objects, and <c>MapClusternetHub</c>. Shared by the Runtime tests and the benchmarks.
/// </summary>
internal static class TestHub
{
    /// <summary>The in-cluster name the hub's serving certificate is issued for, as upstream's Service.</summary>
    public const string ServiceName = "clusternet-hub.clusternet-system.svc";

    /// <summary>A loopback port free at the time of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A CA of its own and a serving certificate it signed for <paramref name="dnsName"/> and 127.0.0.1.</summary>
    public static (string CaPem, X509Certificate2 Serving) IssueServing(string dnsName = ServiceName) => ServingCertificates.Issue(dnsName);

    /// <summary>
    /// A host for the hub on <paramref name="port"/>, registering itself with <paramref name="parent"/> (proxies group only
    /// unless <paramref name="configure"/> says otherwise); add more services before <see cref="StartAsync"/>.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(
        KubernetesClientConfiguration parent, int port, string caPem, X509Certificate2 serving, Action<ClusternetHubOptions>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = serving }.AllowClusternetHubClientCertificates());
        }));
        builder.Services.AddClusternetHub(options =>
        {
            options.ParentConfiguration = parent;
            options.SelfRegistration = new HubSelfRegistration { Port = port, CaBundle = caPem, RegisterShadow = false };
            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>Builds the host, maps the hub's endpoints and starts it.</summary>
    public static async Task<WebApplication> StartAsync(WebApplicationBuilder builder, CancellationToken cancellationToken = default)
    {
        var app = builder.Build();
        app.MapClusternetHub();
        await app.StartAsync(cancellationToken);
        return app;
    }
}
