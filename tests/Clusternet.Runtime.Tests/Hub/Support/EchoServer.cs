using System.Text.Json.Nodes;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>An HTTPS server on 127.0.0.1 that answers every request with the method, path, query and headers it received, as JSON.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    public const string DeployerToken = "echo-deployer-token";

    private readonly KestrelHost _host;

    private EchoServer(KestrelHost host)
    {
        _host = host;
    }

    public Uri Address => _host.Address;

    public string CaPem => TestCertificate.Instance.ExportCertificatePem();

    public static async Task<EchoServer> StartAsync() =>
        new(await KestrelHost.StartAsync(app => Microsoft.AspNetCore.Builder.RunExtensions.Run(app, async context =>
        {
            var headers = new JsonObject();
            foreach (var header in context.Request.Headers)
            {
                headers[header.Key.ToLowerInvariant()] = new JsonArray([.. header.Value.Select(v => (JsonNode?)v)]);
            }

            var body = new JsonObject
            {
                ["method"] = context.Request.Method,
                ["path"] = context.Request.Path.Value,
                ["query"] = context.Request.QueryString.Value,
                ["headers"] = headers,
            };
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body.ToJsonString());
        }), TestCertificate.Instance));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
