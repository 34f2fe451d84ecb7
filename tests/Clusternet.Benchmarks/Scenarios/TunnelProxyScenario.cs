using Clusternet.Testing;
using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Clusternet.Runtime.Tunnel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// The child's API through parent → aggregator → hub → tunnel against the same child directly, in the same run:
/// added GET latency, 1 MiB LIST throughput, requests/s at 64 concurrent clients, added watch latency; pooled tunnel
/// connections against one connection per request (upstream's hub); heap per idle agent session.
/// </summary>
internal sealed class TunnelProxyScenario : IScenario
{
    private const string ListPath = "api/v1/namespaces/bench-list/configmaps";

    public string Name => "tunnel-proxy";

    public string Description => "the sockets proxy vs direct access to the same child: added GET p50/p99 (<=1/<=3 ms), 1 MiB LIST ratio (>=0.7), 64-client rps ratio (>=0.35), pooled vs per-request rps (>=3), added watch p99 (<=2 ms), bytes per idle session (<=40 KiB)";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        var metrics = new Dictionary<string, double>();
        await using (var environment = await TunnelProxyEnvironment.StartAsync(cancellationToken))
        {
            using var via = environment.ViaHub();
            using var direct = environment.Direct();
            await CreateListDataAsync(direct, cancellationToken);
            using (var hubOnly = environment.HubOnly())
            {
                // Every path this scenario compares, until the JIT has settled: the figures are those of running servers.
                var (took, compiled, settled) = await JitWarmUp.RunAsync(async ct =>
                {
                    foreach (var client in new[] { via, hubOnly, direct })
                    {
                        await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => TimeGetAsync(client, "api/v1/namespaces/default", ct)));
                        await TimeReadAsync(client, ListPath, ct);
                    }
                }, TimeSpan.FromSeconds(report.Quick ? 10 : 60), cancellationToken);
                report.Row("warm-up until the JIT settled (s, methods)", $"{took.TotalSeconds:F1}, {compiled}", settled ? null : "limit reached, still compiling");
            }

            if (int.TryParse(Environment.GetEnvironmentVariable("TUNNELBENCH_PROFILE_S"), out var profileSeconds))
            {
                // Diagnostics only: after the warm-up, 64 clients through the hub (or back-to-back 1 MiB LISTs with
                // TUNNELBENCH_PROFILE_LIST=1) for that long, between two marker lines and the pid, so a profiler
                // (perf record -p) can be attached to exactly this load; nothing is measured.
                var lists = Environment.GetEnvironmentVariable("TUNNELBENCH_PROFILE_LIST") is "1";
                Console.WriteLine($"PROFILE pid {Environment.ProcessId}: {(lists ? "1 MiB LISTs" : "64 clients")} via the hub for {profileSeconds} s");
                if (lists)
                {
                    var until = Stopwatch.GetTimestamp() + profileSeconds * Stopwatch.Frequency;
                    while (Stopwatch.GetTimestamp() < until)
                    {
                        await TimeReadAsync(via, ListPath, cancellationToken);
                    }
                }
                else
                {
                    await LoadAsync(via, 64, TimeSpan.FromSeconds(profileSeconds), cancellationToken);
                }

                Console.WriteLine("PROFILE end");
                return metrics;
            }

            await GetLatencyAsync(report, via, direct, metrics, cancellationToken);
            await ListThroughputAsync(report, via, direct, metrics, cancellationToken);
            await RequestsPerSecondAsync(report, via, direct, metrics, cancellationToken);
            await PooledVersusPerRequestAsync(report, environment, metrics, cancellationToken);
            await HubOnlyAsync(report, environment, direct, cancellationToken);
            await WatchLatencyAsync(report, via, direct, metrics, cancellationToken);
        }

        await IdleSessionBytesAsync(report, metrics, cancellationToken);
        return metrics;
    }

    private static async Task GetLatencyAsync(ScenarioRun report, HttpClient via, HttpClient direct, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var count = report.Quick ? 500 : 3_000;
        var viaTimes = new double[count];
        var directTimes = new double[count];
        for (var i = -100; i < count; i++)
        {
            var a = await TimeGetAsync(via, "api/v1/namespaces/default", cancellationToken);
            var b = await TimeGetAsync(direct, "api/v1/namespaces/default", cancellationToken);
            if (i >= 0)
            {
                viaTimes[i] = a;
                directTimes[i] = b;
            }
        }

        Array.Sort(viaTimes);
        Array.Sort(directTimes);
        metrics["get_added_p50_ms"] = Percentile(viaTimes, 0.50) - Percentile(directTimes, 0.50);
        metrics["get_added_p99_ms"] = Percentile(viaTimes, 0.99) - Percentile(directTimes, 0.99);
        report.Row("GET p50 via hub / direct (ms)", $"{Percentile(viaTimes, 0.5):F2} / {Percentile(directTimes, 0.5):F2}");
        report.Row("GET p99 via hub / direct (ms)", $"{Percentile(viaTimes, 0.99):F2} / {Percentile(directTimes, 0.99):F2}");
    }

    /// <summary>Sixteen ConfigMaps of 64 KiB in one namespace: a LIST of them is about 1 MiB.</summary>
    private static async Task CreateListDataAsync(HttpClient direct, CancellationToken cancellationToken)
    {
        await SendJsonAsync(direct, HttpMethod.Post, "api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench-list"}}""", cancellationToken);
        var value = new string('x', 64 * 1024);
        for (var i = 0; i < 16; i++)
        {
            await SendJsonAsync(direct, HttpMethod.Post, "api/v1/namespaces/bench-list/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c" + i + "\"},\"data\":{\"v\":\"" + value + "\"}}", cancellationToken);
        }
    }

    private static async Task ListThroughputAsync(ScenarioRun report, HttpClient via, HttpClient direct, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var rounds = report.Quick ? 20 : 100;
        var viaTimes = new double[rounds];
        var directTimes = new double[rounds];
        long bytes = 0;
        for (var i = -3; i < rounds; i++)
        {
            var (a, size) = await TimeReadAsync(via, ListPath, cancellationToken);
            var (b, _) = await TimeReadAsync(direct, ListPath, cancellationToken);
            bytes = size;
            if (i >= 0)
            {
                viaTimes[i] = a;
                directTimes[i] = b;
            }
        }

        Array.Sort(viaTimes);
        Array.Sort(directTimes);
        metrics["list_1mib_throughput_ratio"] = Percentile(directTimes, 0.5) / Percentile(viaTimes, 0.5);
        report.Row($"LIST {bytes / 1024} KiB median via hub / direct (ms)", $"{Percentile(viaTimes, 0.5):F2} / {Percentile(directTimes, 0.5):F2}");
    }

    private static async Task RequestsPerSecondAsync(ScenarioRun report, HttpClient via, HttpClient direct, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var duration = TimeSpan.FromSeconds(report.Quick ? 3 : 10);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var viaRps = await LoadAsync(via, 64, duration, cancellationToken);
        var cpuVia = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var directRps = await LoadAsync(direct, 64, duration, cancellationToken);
        metrics["rps_64_ratio"] = viaRps / directRps;
        report.Row("requests/s, 64 clients, via hub / direct", $"{viaRps:F0} / {directRps:F0}");
        report.Row("process CPU per proxied request (us, all hops)", $"{cpuVia.TotalMicroseconds / (viaRps * duration.TotalSeconds):F0}");
    }

    private static async Task PooledVersusPerRequestAsync(ScenarioRun report, TunnelProxyEnvironment environment, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        // The hub's own forwarding client, straight over the tunnel, with each connection policy.
        var duration = TimeSpan.FromSeconds(report.Quick ? 3 : 10);
        var rps = new Dictionary<TunnelConnectionReuse, double>();
        foreach (var reuse in (TunnelConnectionReuse[])[TunnelConnectionReuse.Pooled, TunnelConnectionReuse.PerRequest])
        {
            var handler = environment.Tunnel.CreateHttpHandler(environment.ClusterId, reuse);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
            using var client = new HttpClient(handler) { BaseAddress = environment.Child.BaseAddress };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", environment.Child.AdminToken);
            rps[reuse] = await LoadAsync(client, 64, duration, cancellationToken);
        }

        metrics["pooled_vs_per_request_rps"] = rps[TunnelConnectionReuse.Pooled] / rps[TunnelConnectionReuse.PerRequest];
        report.Row("requests/s over the tunnel, pooled / per request", $"{rps[TunnelConnectionReuse.Pooled]:F0} / {rps[TunnelConnectionReuse.PerRequest]:F0}");
    }

    /// <summary>Informational: the same GET and load straight to the hub, to tell the hub's and tunnel's share from the parent's.</summary>
    private static async Task HubOnlyAsync(ScenarioRun report, TunnelProxyEnvironment environment, HttpClient direct, CancellationToken cancellationToken)
    {
        using var hubOnly = environment.HubOnly();
        var count = report.Quick ? 500 : 3_000;
        var times = new double[count];
        for (var i = -100; i < count; i++)
        {
            var t = await TimeGetAsync(hubOnly, "api/v1/namespaces/default", cancellationToken);
            if (i >= 0)
            {
                times[i] = t;
            }
        }

        Array.Sort(times);
        report.Row("GET p50 / p99 straight to the hub (ms)", $"{Percentile(times, 0.5):F2} / {Percentile(times, 0.99):F2}");
        var rps = await LoadAsync(hubOnly, 64, TimeSpan.FromSeconds(report.Quick ? 3 : 10), cancellationToken);
        report.Row("requests/s, 64 clients, straight to the hub", $"{rps:F0}");
        var (ms, _) = await TimeReadAsync(hubOnly, ListPath, cancellationToken);
        report.Row("LIST 1 MiB straight to the hub (ms, one run)", $"{ms:F2}");
    }

    private static async Task WatchLatencyAsync(ScenarioRun report, HttpClient via, HttpClient direct, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        await SendJsonAsync(direct, HttpMethod.Post, "api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"bench-watch"}}""", cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var viaEvents = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var directEvents = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        var viaReady = new TaskCompletionSource();
        var directReady = new TaskCompletionSource();
        var viaWatch = WatchAsync(via, viaEvents, viaReady, stop.Token);
        var directWatch = WatchAsync(direct, directEvents, directReady, stop.Token);
        await Task.WhenAll(viaReady.Task, directReady.Task).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);

        var count = report.Quick ? 100 : 500;
        var added = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var name = "w" + i;
            await SendJsonAsync(direct, HttpMethod.Post, "api/v1/namespaces/bench-watch/configmaps", "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}", cancellationToken);
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
            while ((!viaEvents.ContainsKey(name) || !directEvents.ContainsKey(name)) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(1, cancellationToken);
            }

            if (viaEvents.TryGetValue(name, out var a) && directEvents.TryGetValue(name, out var b))
            {
                added.Add(Stopwatch.GetElapsedTime(b, a).TotalMilliseconds);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(viaWatch, directWatch).ContinueWith(_ => { }, CancellationToken.None);
        var sorted = added.Order().ToArray();
        metrics["watch_added_p99_ms"] = Percentile(sorted, 0.99);
        report.Row("watch event arrival via hub after direct, p50 / p99 (ms)", $"{Percentile(sorted, 0.5):F2} / {Percentile(sorted, 0.99):F2}");
    }

    private static async Task WatchAsync(HttpClient client, System.Collections.Concurrent.ConcurrentDictionary<string, long> seen, TaskCompletionSource ready, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync("api/v1/namespaces/bench-watch/configmaps?watch=true", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            ready.TrySetResult();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                var at = Stopwatch.GetTimestamp();
                var marker = "\"name\":\"";
                var start = line.IndexOf(marker, StringComparison.Ordinal);
                if (start >= 0)
                {
                    start += marker.Length;
                    seen.TryAdd(line[start..line.IndexOf('"', start)], at);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Heap held per idle agent session on a bare hub tunnel server (TLS, WebSocket, session), agents in the same process counted too.</summary>
    private static async Task IdleSessionBytesAsync(ScenarioRun report, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        const int sessions = 1_000;
        var server = new RemoteDialerServer();
        var (_, serving) = TestHub.IssueServing("127.0.0.1");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = serving })));
        await using var app = builder.Build();
        app.Map("/apis/proxies.clusternet.io/v1alpha1/sockets/{**rest}", (HttpContext context) => server.HandleAsync(context, (_, _, _) => ValueTask.FromResult(true)));
        await app.StartAsync(cancellationToken);
        var address = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, MaxConnectionsPerServer = int.MaxValue };
        Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var agents = new List<Task>(sessions);
        for (var i = 0; i < sessions; i++)
        {
            var client = new RemoteDialerClient(new RemoteDialerClientOptions { SocketUri = RemoteDialerClientOptions.GetSocketUri(address, "c" + i), HttpHandler = handler, ApiServerAddress = "127.0.0.1:1" });
            agents.Add(Task.Run(() => client.RunAsync(stop.Token), CancellationToken.None));
            if (i % 50 == 49)
            {
                var target = i + 1;
                while (server.ClusterIds.Count < target)
                {
                    await Task.Delay(10, cancellationToken);
                }
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        Collect();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        metrics["bytes_per_idle_session"] = (after - before) / (double)sessions;
        report.Row($"heap per idle session, {sessions} sessions (hub and agent ends)", $"{(after - before) / (double)sessions:F0} B");
        await stop.CancelAsync();
        await Task.WhenAll(agents).ContinueWith(_ => { }, CancellationToken.None);
        handler.Dispose();
        await app.StopAsync(CancellationToken.None);
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static async Task<double> LoadAsync(HttpClient client, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        // Warm the connections first.
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => TimeGetAsync(client, "api/v1/namespaces/default", cancellationToken)));
        long completed = 0;
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < end)
            {
                await TimeGetAsync(client, "api/v1/namespaces/default", cancellationToken);
                Interlocked.Increment(ref completed);
            }
        }));
        return completed / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static async Task<double> TimeGetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path, cancellationToken);
        await response.Content.CopyToAsync(Stream.Null, cancellationToken);
        response.EnsureSuccessStatusCode();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<(double Ms, long Bytes)> TimeReadAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, total);
    }

    private static async Task SendJsonAsync(HttpClient client, HttpMethod method, string path, string json, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.Conflict)
        {
            throw new HttpRequestException($"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
