using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authorization;
using Clusternet.ControlPlane.Security.Authorization.Rbac;
using Clusternet.ControlPlane.Storage;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using PlaneOptions = Clusternet.ControlPlane.Hosting.ControlPlaneOptions;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// The embedded API server's authorization: RBAC decision latency in process with 1,000 Roles and 1,000 RoleBindings
/// (plus the bootstrap policy), and the throughput cost of RBAC on GETs of a ConfigMap over HTTPS by a non-privileged
/// service-account-like user, against the same server with authorization off.
/// </summary>
internal sealed class ControlPlaneAuthScenario : IScenario
{
    private const string Reader = "system:serviceaccount:bench:reader";
    private const string ReaderToken = "bench-reader-token";

    public string Name => "controlplane-auth";

    public string Description => "RBAC decision p99 with 1,000 roles + 1,000 bindings (<= 20 us); GET throughput with RBAC / without (>= 0.70)";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        var metrics = new Dictionary<string, double>();
        var (p50, p99) = await DecisionLatencyAsync(report.Quick ? 100_000 : 1_000_000, cancellationToken);
        report.Row("RBAC decision p50, 1,000 roles + 1,000 bindings", $"{p50:F2} us");
        report.Row("RBAC decision p99, 1,000 roles + 1,000 bindings", $"{p99:F2} us", "goal <= 20 us");
        metrics["rbac_p99_us"] = p99;

        // Both servers run side by side and are measured in alternating rounds, so that load from elsewhere on the
        // machine falls on both alike.
        await using var on = await ReaderServer.StartAsync(authorization: true, cancellationToken);
        await using var off = await ReaderServer.StartAsync(authorization: false, cancellationToken);
        await on.RoundAsync(TimeSpan.FromSeconds(1), cancellationToken); // warm-up
        await off.RoundAsync(TimeSpan.FromSeconds(1), cancellationToken);
        double onCount = 0, offCount = 0, onTime = 0, offTime = 0;
        for (var round = 0; round < (report.Quick ? 4 : 12); round++)
        {
            var (n1, t1) = await on.RoundAsync(TimeSpan.FromSeconds(1), cancellationToken);
            var (n2, t2) = await off.RoundAsync(TimeSpan.FromSeconds(1), cancellationToken);
            (onCount, onTime, offCount, offTime) = (onCount + n1, onTime + t1, offCount + n2, offTime + t2);
        }

        var withRbac = onCount / onTime;
        var without = offCount / offTime;
        report.Row("GET configmap/s over HTTPS, RBAC on", withRbac.ToString("N0"));
        report.Row("GET configmap/s over HTTPS, authorization off", without.ToString("N0"));
        report.Row("throughput ratio (RBAC on / off)", $"{withRbac / without:F2}", "goal >= 0.70");
        metrics["authz_throughput_ratio"] = withRbac / without;
        return metrics;
    }

    private static async Task<(double P50, double P99)> DecisionLatencyAsync(int decisions, CancellationToken cancellationToken)
    {
        await using var store = new InMemoryObjectStore();
        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, cancellationToken);
        var index = new RbacPolicyIndex();
        foreach (var resource in RbacResources.All)
        {
            foreach (var item in (await store.ListAsync(resource, null, new ListRequest(), cancellationToken)).Items)
            {
                index.Upsert(resource, item);
            }
        }

        // 1,000 Roles of 10 rules over 100 namespaces, each bound by one RoleBinding to a user and a team group.
        for (var i = 0; i < 1000; i++)
        {
            var ns = $"ns{i % 100}";
            var rules = new JsonArray();
            for (var r = 0; r < 10; r++)
            {
                rules.Add(new JsonObject { ["verbs"] = new JsonArray("get", "list", "watch"), ["apiGroups"] = new JsonArray(r % 2 == 0 ? "" : "apps"), ["resources"] = new JsonArray($"kind{r}s", $"kind{r}s/status") });
            }

            rules.Add(new JsonObject { ["verbs"] = new JsonArray("get", "update"), ["apiGroups"] = new JsonArray(""), ["resources"] = new JsonArray("configmaps"), ["resourceNames"] = new JsonArray($"cm{i}") });
            index.Upsert(RbacResources.Roles, new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"role{i}", ["namespace"] = ns }, ["rules"] = rules });
            index.Upsert(RbacResources.RoleBindings, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"binding{i}", ["namespace"] = ns },
                ["roleRef"] = new JsonObject { ["kind"] = "Role", ["name"] = $"role{i}" },
                ["subjects"] = new JsonArray(new JsonObject { ["kind"] = "User", ["name"] = $"user{i}" }, new JsonObject { ["kind"] = "Group", ["name"] = $"team{i % 50}" }),
            });
        }

        var rbac = new RbacAuthorizer(index);
        var users = Enumerable.Range(0, 1000).Select(i => UserInfo.Authenticated($"user{i}", string.Empty, [$"team{i % 50}", "system:serviceaccounts"])).ToArray();
        // A mix: allowed by the user's binding, allowed by name, and refused (no opinion) after every lookup.
        var requests = Enumerable.Range(0, 1000).SelectMany(i => new[]
        {
            new AuthorizationAttributes(users[i], "list", true, string.Empty, "apps", "v1", $"ns{i % 100}", "kind9s"),
            new AuthorizationAttributes(users[i], "update", true, string.Empty, "", "v1", $"ns{i % 100}", "configmaps", null, $"cm{i}"),
            new AuthorizationAttributes(users[i], "delete", true, string.Empty, "", "v1", $"ns{i % 100}", "secrets", null, "s"),
        }).ToArray();

        foreach (var request in requests)
        {
            rbac.Decide(request); // warm-up
        }

        var samples = new double[decisions];
        var tick = 1_000_000.0 / Stopwatch.Frequency;
        for (var i = 0; i < decisions; i++)
        {
            var request = requests[i % requests.Length];
            var start = Stopwatch.GetTimestamp();
            rbac.Decide(request);
            samples[i] = (Stopwatch.GetTimestamp() - start) * tick;
        }

        Array.Sort(samples);
        return (samples[samples.Length / 2], samples[(int)Math.Ceiling(0.99 * samples.Length) - 1]);
    }

    /// <summary>A server with a ConfigMap the non-privileged reader may get (through a Role and RoleBinding when RBAC is on).</summary>
    private sealed class ReaderServer : IAsyncDisposable
    {
        private const string Path = "api/v1/namespaces/bench/configmaps/cm";
        private readonly Plane plane;
        private readonly HttpClient reader;

        private ReaderServer(Plane plane, HttpClient reader)
        {
            this.plane = plane;
            this.reader = reader;
        }

        public static async Task<ReaderServer> StartAsync(bool authorization, CancellationToken cancellationToken)
        {
            var plane = await Plane.StartAsync(new PlaneOptions
            {
                Security = new ControlPlaneSecurityOptions
                {
                    Authorization = authorization,
                    Tokens = new Dictionary<string, StaticTokenUser> { [ReaderToken] = new(Reader, ["system:serviceaccounts", "system:serviceaccounts:bench"]) },
                },
            }, cancellationToken);
            using var admin = Client(plane, plane.AdminToken);
            await PostAsync(admin, "api/v1/namespaces", """{"metadata":{"name":"bench"}}""", cancellationToken);
            await PostAsync(admin, "api/v1/namespaces/bench/configmaps", """{"metadata":{"name":"cm"},"data":{"k":"v"}}""", cancellationToken);
            await PostAsync(admin, "apis/rbac.authorization.k8s.io/v1/namespaces/bench/roles", """{"metadata":{"name":"reader"},"rules":[{"verbs":["get","list","watch"],"apiGroups":[""],"resources":["configmaps"]}]}""", cancellationToken);
            await PostAsync(admin, "apis/rbac.authorization.k8s.io/v1/namespaces/bench/rolebindings", """{"metadata":{"name":"reader"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"Role","name":"reader"},"subjects":[{"kind":"ServiceAccount","name":"reader","namespace":"bench"}]}""", cancellationToken);

            var reader = Client(plane, ReaderToken);
            var deadline = Stopwatch.StartNew();
            while ((await reader.GetAsync(Path, cancellationToken)).StatusCode != HttpStatusCode.OK)
            {
                if (deadline.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new InvalidOperationException("the reader never got access");
                }

                await Task.Delay(10, cancellationToken);
            }

            return new ReaderServer(plane, reader);
        }

        /// <summary>GETs from 16 concurrent loops for <paramref name="duration"/>: how many, and the seconds taken.</summary>
        public async Task<(int Count, double Seconds)> RoundAsync(TimeSpan duration, CancellationToken ct)
        {
            var count = 0;
            var stopwatch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
            {
                while (stopwatch.Elapsed < duration)
                {
                    using var response = await reader.GetAsync(Path, HttpCompletionOption.ResponseContentRead, ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"GET answered {(int)response.StatusCode}");
                    }

                    Interlocked.Increment(ref count);
                }
            }));
            return (count, stopwatch.Elapsed.TotalSeconds);
        }

        public async ValueTask DisposeAsync()
        {
            reader.Dispose();
            await plane.DisposeAsync();
        }
    }

    private static HttpClient Client(Plane plane, string token)
    {
        var handler = plane.CreateTrustingHandler();
        handler.MaxConnectionsPerServer = int.MaxValue;
        var http = new HttpClient(handler) { BaseAddress = plane.BaseAddress, Timeout = TimeSpan.FromMinutes(1) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task PostAsync(HttpClient http, string path, string body, CancellationToken ct)
    {
        using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"), ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }
}
