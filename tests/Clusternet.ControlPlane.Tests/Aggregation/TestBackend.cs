using Clusternet.Testing;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>
/// An aggregated API server for tests, on 127.0.0.1 over HTTPS with a CA of its own: it demands a client certificate
/// from the requestheader CA with an allowed name (as a real extension API server configured from
/// <c>extension-apiserver-authentication</c> does), serves discovery for <c>&lt;group&gt;/v1</c> with a resource
/// <c>widgets</c>, echoes what it received, streams a watch paced by the test, echoes WebSocket and SPDY upgrades and
/// answers a 302.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 requestHeaderCa;
    private readonly IReadOnlyList<string> allowedNames;

    private X509Certificate2 serving = null!;

    private TestBackend(WebApplication app, X509Certificate2 requestHeaderCa, IReadOnlyList<string> allowedNames, string caPem, string group)
    {
        this.app = app;
        this.requestHeaderCa = requestHeaderCa;
        this.allowedNames = allowedNames;
        CaPem = caPem;
        Group = group;
    }

    /// <summary>The CA that signed the backend's serving certificate, for the APIService's caBundle.</summary>
    public string CaPem { get; }

    public string Group { get; }

    public int Port { get; private set; }

    /// <summary>The watch sends its next event when the test writes here; completing it ends the stream.</summary>
    public Channel<string> WatchPacer { get; } = Channel.CreateUnbounded<string>();

    /// <summary>How many requests arrived without a valid front-proxy certificate (refused in the handshake).</summary>
    public int RejectedClientCertificates;

    /// <summary>Starts a backend; with <paramref name="twinOf"/>, a second instance of that backend, with the same serving certificate.</summary>
    public static async Task<TestBackend> StartAsync(string group, string serviceName, string serviceNamespace, string requestHeaderCaPem, IReadOnlyList<string> allowedNames, TestBackend? twinOf = null)
    {
        var (caPem, serving) = twinOf is null ? ServingCertificates.Issue(serviceName + "." + serviceNamespace + ".svc") : (twinOf.CaPem, twinOf.serving);
        var requestHeaderCa = X509Certificate2.CreateFromPem(requestHeaderCaPem);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        TestBackend? backend = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serving,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => backend!.VerifiesFrontProxy(certificate),
            });
        }));
        var app = builder.Build();
        app.UseWebSockets();
        backend = new TestBackend(app, requestHeaderCa, allowedNames, caPem, group) { serving = serving };
        app.Run(backend.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        backend.Port = new Uri(address).Port;
        return backend;
    }

    public Task StopAsync() => app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        WatchPacer.Writer.TryComplete();
        await app.DisposeAsync();
    }

    private bool VerifiesFrontProxy(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(requestHeaderCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var ok = chain.Build(certificate) && allowedNames.Contains(certificate.GetNameInfo(X509NameType.SimpleName, false));
        if (!ok)
        {
            Interlocked.Increment(ref RejectedClientCertificates);
        }

        return ok;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var prefix = "/apis/" + Group + "/v1";
        var path = context.Request.Path.Value ?? string.Empty;
        if (path == prefix)
        {
            await WriteJsonAsync(context, ResourceList());
            return;
        }

        switch (path[prefix.Length..])
        {
            case "/namespaces/default/widgets" when context.Request.Query["watch"] == "true":
                await StreamWatchAsync(context);
                return;
            case "/namespaces/default/widgets" when int.TryParse(context.Request.Query["size"], out var size):
                await WriteInPiecesAsync(context, size);
                return;
            case "/ws" when context.WebSockets.IsWebSocketRequest:
                await EchoWebSocketAsync(context);
                return;
            case "/spdy":
                await EchoSpdyAsync(context);
                return;
            case "/redirect":
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = "https://elsewhere.example/target";
                return;
            default:
                await WriteJsonAsync(context, Echo(context));
                return;
        }
    }

    private JsonObject ResourceList() => new()
    {
        ["kind"] = "APIResourceList",
        ["apiVersion"] = "v1",
        ["groupVersion"] = Group + "/v1",
        ["resources"] = new JsonArray(
            new JsonObject
            {
                ["name"] = "widgets",
                ["singularName"] = "widget",
                ["namespaced"] = true,
                ["kind"] = "Widget",
                ["verbs"] = new JsonArray("get", "list", "watch"),
                ["shortNames"] = new JsonArray("wdg"),
            },
            new JsonObject { ["name"] = "widgets/status", ["singularName"] = "", ["namespaced"] = true, ["kind"] = "Widget", ["verbs"] = new JsonArray("get") }),
    };

    private static JsonObject Echo(HttpContext context)
    {
        var headers = new JsonObject();
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key.ToLowerInvariant()] = new JsonArray([.. header.Value.Select(v => (JsonNode?)v)]);
        }

        return new JsonObject
        {
            ["method"] = context.Request.Method,
            ["path"] = context.Request.Path.Value,
            ["query"] = context.Request.QueryString.Value,
            ["clientCertificate"] = context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false),
            ["headers"] = headers,
        };
    }

    private async Task StreamWatchAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await context.Response.StartAsync();
        await context.Response.Body.FlushAsync();
        await foreach (var name in WatchPacer.Reader.ReadAllAsync(context.RequestAborted))
        {
            var line = JsonSerializer.Serialize(new { type = "ADDED", @object = new { apiVersion = Group + "/v1", kind = "Widget", metadata = new { name } } }) + "\n";
            await context.Response.WriteAsync(line, context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    // A LIST as a backend streams it: 3 KiB at a time, each flushed, chunked unless ?length=true; every byte is its
    // offset modulo 251, so a lost, repeated or reordered piece shows.
    private static async Task WriteInPiecesAsync(HttpContext context, int size)
    {
        context.Response.ContentType = "application/json";
        if (context.Request.Query["length"] == "true")
        {
            context.Response.ContentLength = size;
        }

        var piece = new byte[3 * 1024];
        for (var offset = 0; offset < size; offset += piece.Length)
        {
            var count = Math.Min(piece.Length, size - offset);
            for (var i = 0; i < count; i++)
            {
                piece[i] = (byte)((offset + i) % 251);
            }

            await context.Response.Body.WriteAsync(piece.AsMemory(0, count), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static async Task EchoWebSocketAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }

            var text = "echo:" + Encoding.UTF8.GetString(buffer, 0, received.Count);
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, context.RequestAborted);
        }
    }

    // kubectl exec/port-forward's SPDY/3.1 upgrade: a 101 and then raw bytes both ways; echoing them is enough to show
    // the aggregator splices the connection.
    private static async Task EchoSpdyAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true } || context.Request.Headers.Upgrade != "SPDY/3.1")
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        context.Response.Headers.Upgrade = "SPDY/3.1";
        context.Response.Headers["X-Stream-Protocol-Version"] = "v4.channel.k8s.io";
        await using var stream = await upgrade.UpgradeAsync();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            await stream.WriteAsync(buffer.AsMemory(0, read));
            await stream.FlushAsync();
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString());
    }
}
