using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Clusternet.Runtime.Tunnel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Tests.Tunnel.Support;

/// <summary>Kestrel on 127.0.0.1 with an ephemeral port.</summary>
internal sealed class KestrelHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<KestrelHost> StartAsync(Action<WebApplication> map, X509Certificate2? certificate = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
        }));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new KestrelHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }
}

/// <summary>A hub: our <see cref="RemoteDialerServer"/> mounted at the sockets path; a caller may open the session of cluster X with token "token-X".</summary>
internal sealed class HubHost : IAsyncDisposable
{
    private readonly KestrelHost _host;

    private HubHost(KestrelHost host, RemoteDialerServer server)
    {
        _host = host;
        Server = server;
    }

    public RemoteDialerServer Server { get; }

    public Uri Address => _host.Address;

    public static async Task<HubHost> StartAsync(TunnelSessionOptions? options = null)
    {
        var server = new RemoteDialerServer(options);
        var host = await KestrelHost.StartAsync(app => app.Map("/apis/proxies.clusternet.io/v1alpha1/sockets/{**rest}", (HttpContext context) =>
            server.HandleAsync(context, (ctx, clusterId, _) =>
                ValueTask.FromResult(ctx.Request.Headers.Authorization.ToString() == "Bearer token-" + clusterId))));
        return new HubHost(host, server);
    }

    public Uri SocketUri(string clusterId) => RemoteDialerClientOptions.GetSocketUri(Address, clusterId);

    /// <summary>A raw WebSocket peer holding cluster <paramref name="clusterId"/>'s session, and a wait for the hub to register it.</summary>
    public async Task<FramePeer> ConnectPeerAsync(string clusterId)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetRequestHeader("Authorization", "Bearer token-" + clusterId);
        await socket.ConnectAsync(SocketUri(clusterId), CancellationToken.None);
        await Eventually.TrueAsync(() => Server.HasSession(clusterId));
        return new FramePeer(socket);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>A scripted hub: accepts WebSockets on the sockets path and hands them to the test to drive by hand.</summary>
internal sealed class ScriptedHub : IAsyncDisposable
{
    private readonly KestrelHost _host;
    private readonly Channel<(FramePeer Peer, HttpContext Context)> _accepted;

    private ScriptedHub(KestrelHost host, Channel<(FramePeer, HttpContext)> accepted)
    {
        _host = host;
        _accepted = accepted;
    }

    public Uri SocketUri(string clusterId) => RemoteDialerClientOptions.GetSocketUri(_host.Address, clusterId);

    public static async Task<ScriptedHub> StartAsync()
    {
        var accepted = Channel.CreateUnbounded<(FramePeer, HttpContext)>();
        var host = await KestrelHost.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/apis/proxies.clusternet.io/v1alpha1/sockets/{**rest}", async (HttpContext context) =>
            {
                var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
                var peer = new FramePeer(socket);
                await accepted.Writer.WriteAsync((peer, context));

                // Keep the request open until the test is done with the socket.
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
            });
        });
        return new ScriptedHub(host, accepted);
    }

    public async Task<(FramePeer Peer, HttpContext Context)> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(FramePeer.Timeout);
        return await _accepted.Reader.ReadAsync(timeout.Token);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}

/// <summary>A self-signed certificate for 127.0.0.1.</summary>
internal static class TestCertificate
{
    private static readonly Lazy<X509Certificate2> Lazy = new(Create);

    public static X509Certificate2 Instance => Lazy.Value;

    private static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}

/// <summary>Waits for a condition that has no event to await (the hub registering a session).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? FramePeer.Timeout);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true in time.");
            await Task.Delay(10);
        }
    }
}
