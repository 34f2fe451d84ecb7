using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusternet.Client.Tests.Redirection;

/// <summary>
/// A Kestrel server on 127.0.0.1 that records each request's shape (method, raw path, query, headers, whether it was a
/// websocket upgrade) and answers just enough for clients to proceed: a version for <c>…/version</c>, one ADDED event
/// for a watch, an accepted websocket that is closed at once for an upgrade, and <c>{}</c> otherwise. Optionally HTTPS
/// with a self-signed certificate for 127.0.0.1, so kubectl sends credentials.
/// </summary>
public sealed class RecordingApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<RecordedCall> calls = new();

    private RecordingApiServer(WebApplication app, X509Certificate2? certificate)
    {
        this.app = app;
        Certificate = certificate;
    }

    public Uri BaseUri { get; private set; } = null!;

    public X509Certificate2? Certificate { get; }

    public IReadOnlyCollection<RecordedCall> Calls => calls;

    public RecordedCall LastCall => calls.Last();

    public static async Task<RecordingApiServer> StartAsync(bool https = false)
    {
        var certificate = https ? CreateCertificate() : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new RecordingApiServer(app, certificate);
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The certificate's PEM, for a kubeconfig's <c>certificate-authority-data</c> (base64 of it).</summary>
    public string CertificatePem => Certificate!.ExportCertificatePem();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget.Split('?')[0];
        calls.Enqueue(new RecordedCall(request.Method, path, request.QueryString.Value ?? "", headers, context.WebSockets.IsWebSocketRequest));

        if (context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync(context.WebSockets.WebSocketRequestedProtocols.FirstOrDefault());
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "recorded", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        if (path.EndsWith("/version", StringComparison.Ordinal))
        {
            await context.Response.WriteAsync("""{"major":"1","minor":"32","gitVersion":"v1.32.0","platform":"linux/amd64"}""");
        }
        else if (request.Query["watch"] == "true")
        {
            await context.Response.WriteAsync("""{"type":"ADDED","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p1","namespace":"ns1","resourceVersion":"8"}}}""" + "\n");
        }
        else
        {
            await context.Response.WriteAsync("{}");
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate?.Dispose();
    }
}

/// <summary>One request as the server saw it; <see cref="Path"/> is the raw (still escaped) path.</summary>
public sealed record RecordedCall(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, bool WebSocket)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
