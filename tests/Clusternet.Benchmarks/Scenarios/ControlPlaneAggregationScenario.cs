using Clusternet.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// The aggregator's cost per request: the same small GET sent to an HTTPS backend through the embedded server (TLS,
/// token, authorization, APIService routing, front-proxy forwarding) and straight to the backend, interleaved one by
/// one on warm keep-alive connections; the metric is the difference of the medians.
/// </summary>
internal sealed class ControlPlaneAggregationScenario : IScenario
{
    private const string Group = "bench.clusternet.io";

    public string Name => "controlplane-aggregation";

    public string Description => "aggregation proxy overhead: p50 of GET via the aggregator minus p50 of the same GET direct to the backend (goal <= 1 ms)";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        await using var plane = await Plane.StartAsync(new PlaneOptions(), cancellationToken);
        await using var backend = await StartBackendAsync(cancellationToken);
        using var viaAggregator = new HttpClient(plane.CreateTrustingHandler()) { BaseAddress = plane.BaseAddress };
        viaAggregator.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", plane.AdminToken);
        using var direct = new HttpClient(new SocketsHttpHandler { UseProxy = false, SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        {
            BaseAddress = new Uri($"https://127.0.0.1:{backend.Port}/"),
        };

        await RegisterAsync(viaAggregator, backend.Port, backend.CaPem, cancellationToken);
        var path = $"apis/{Group}/v1/ping";
        var count = report.Quick ? 1_000 : 5_000;
        var via = new double[count];
        var straight = new double[count];
        for (var i = -200; i < count; i++)
        {
            var a = await TimeAsync(viaAggregator, path, cancellationToken);
            var b = await TimeAsync(direct, path, cancellationToken);
            if (i >= 0)
            {
                via[i] = a;
                straight[i] = b;
            }
        }

        Array.Sort(via);
        Array.Sort(straight);
        var overhead = via[count / 2] - straight[count / 2];
        report.Row("GET p50 via aggregator", $"{via[count / 2]:F3} ms");
        report.Row("GET p50 direct to backend", $"{straight[count / 2]:F3} ms");
        report.Row("aggregation overhead p50", $"{overhead:F3} ms", "goal <= 1 ms");
        return new Dictionary<string, double> { ["aggregation_overhead_p50_ms"] = overhead };
    }

    private static async Task<double> TimeAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task RegisterAsync(HttpClient admin, int port, string caPem, CancellationToken cancellationToken)
    {
        await PostAsync(admin, "api/v1/namespaces", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bench" } }, cancellationToken);
        await PostAsync(admin, "api/v1/namespaces/bench/services", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "backend" },
            ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["targetPort"] = port }) },
        }, cancellationToken);
        await PostAsync(admin, "api/v1/namespaces/bench/endpoints", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "backend" },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = "127.0.0.1" }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port }),
            }),
        }, cancellationToken);
        await PostAsync(admin, "apis/apiregistration.k8s.io/v1/apiservices", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "v1." + Group },
            ["spec"] = new JsonObject
            {
                ["group"] = Group,
                ["version"] = "v1",
                ["groupPriorityMinimum"] = 1000,
                ["versionPriority"] = 100,
                ["caBundle"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(caPem)),
                ["service"] = new JsonObject { ["namespace"] = "bench", ["name"] = "backend", ["port"] = 443 },
            },
        }, cancellationToken);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var apiService = JsonNode.Parse(await admin.GetStringAsync("apis/apiregistration.k8s.io/v1/apiservices/v1." + Group, cancellationToken));
            if (apiService?["status"]?["conditions"] is JsonArray conditions && conditions.Any(c => c?["type"]?.GetValue<string>() == "Available" && c["status"]?.GetValue<string>() == "True"))
            {
                return;
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("the benchmark APIService did not become Available");
    }

    private static async Task PostAsync(HttpClient admin, string path, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await admin.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<Backend> StartBackendAsync(CancellationToken cancellationToken)
    {
        var (caPem, serving) = TestHub.IssueServing("backend.bench.svc");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serving,
                // The aggregator presents its front-proxy certificate; the direct client none. Either way the handshake
                // happens once per connection, outside the timed requests.
                ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                ClientCertificateValidation = static (_, _, _) => true,
            });
        }));
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes("""{"kind":"APIResourceList","apiVersion":"v1","groupVersion":"bench.clusternet.io/v1","resources":[]}""");
        app.Run(context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = body.Length;
            return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Backend(app, new Uri(address).Port, caPem);
    }

    private sealed class Backend(WebApplication app, int port, string caPem) : IAsyncDisposable
    {
        public int Port { get; } = port;

        public string CaPem { get; } = caPem;

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
