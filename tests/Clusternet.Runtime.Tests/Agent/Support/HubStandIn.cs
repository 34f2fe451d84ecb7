using System.Net;
using System.Net.Sockets;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Clusternet.Runtime.Tunnel;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Tests.Agent.Support;

/// <summary>
/// The hub's tunnel endpoint only, registered in the parent's aggregator as <c>v1alpha1.proxies.clusternet.io</c> on a fixed
/// port, so it can be stopped and started again like a restarted hub.
/// </summary>
internal sealed class HubStandIn : IAsyncDisposable
{
    private readonly int _port;
    private WebApplication? _app;

    private HubStandIn(int port) => _port = port;

    public RemoteDialerServer Server { get; private set; } = new();

    public static async Task<HubStandIn> StartAsync(Kubernetes parentAdmin)
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var hub = new HubStandIn(port);
            await hub.RegisterAsync(parentAdmin);
            await hub.StartAsync();
            return hub;
        }
    }

    public async Task StartAsync()
    {
        Server = new RemoteDialerServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, _port, listen => listen.UseHttps(TestCertificate.Instance)));
        var app = builder.Build();
        var server = Server;
        app.MapGet("/apis/proxies.clusternet.io/v1alpha1", () => Results.Text(
            """{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"proxies.clusternet.io/v1alpha1","resources":[{"name":"sockets","singularName":"socket","namespaced":false,"kind":"Socket","verbs":["create","delete","get","patch","update"]}]}""",
            "application/json"));
        // The aggregator authenticated and authorized the caller (get sockets/<id>); it says who in X-Remote-User.
        app.Map("/apis/proxies.clusternet.io/v1alpha1/sockets/{clusterId}", (HttpContext context) =>
            server.HandleAsync(context, (ctx, _, _) => ValueTask.FromResult(ctx.Request.Headers.ContainsKey("X-Remote-User"))));
        await app.StartAsync();
        _app = app;
    }

    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await app.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
            }

            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task RegisterAsync(Kubernetes admin)
    {
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "clusternet-system" } });
        await admin.CoreV1.CreateNamespacedServiceAsync(
            new V1Service { Metadata = new V1ObjectMeta { Name = "clusternet-hub" }, Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Name = "https", Port = 443, TargetPort = _port }] } },
            "clusternet-system");
        await admin.CoreV1.CreateNamespacedEndpointsAsync(
            new V1Endpoints
            {
                Metadata = new V1ObjectMeta { Name = "clusternet-hub" },
                Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new Corev1EndpointPort { Name = "https", Port = _port }] }],
            },
            "clusternet-system");
        await admin.ApiregistrationV1.CreateAPIServiceAsync(new V1APIService
        {
            Metadata = new V1ObjectMeta { Name = "v1alpha1.proxies.clusternet.io" },
            Spec = new V1APIServiceSpec
            {
                Group = "proxies.clusternet.io",
                Version = "v1alpha1",
                GroupPriorityMinimum = 1000,
                VersionPriority = 100,
                InsecureSkipTLSVerify = true,
                Service = new Apiregistrationv1ServiceReference { NamespaceProperty = "clusternet-system", Name = "clusternet-hub", Port = 443 },
            },
        });
    }
}
