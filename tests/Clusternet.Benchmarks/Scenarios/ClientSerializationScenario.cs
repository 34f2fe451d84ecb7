using System.Diagnostics;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Apis.Clusters.V1Beta1;
using k8s;
using k8s.Models;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// Deserializing big Clusternet lists the way the typed clients do (KubernetesJson from a stream),
/// against KubernetesClient deserializing a V1NodeList of the same byte size in the same process.
/// The ratio compares time per byte, so a ratio of 1.0 means "as fast as the library users already trust".
/// </summary>
internal sealed class ClientSerializationScenario : IScenario
{
    public string Name => "client-serialization";

    public string Description => "deserialize 10,000-item ManagedClusterList and SubscriptionList vs KubernetesClient's V1NodeList of equal size (goal: ratio <= 1.0)";

    public Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        const int items = 10_000;
        var iterations = report.Quick ? 5 : 20;

        var clustersJson = Utf8(KubernetesJson.Serialize(FleetSamples.ManagedClusters(items)));
        var subscriptionsJson = Utf8(KubernetesJson.Serialize(FleetSamples.Subscriptions(items)));
        var (_, nodesForClusters) = FleetSamples.NodesOfSize(clustersJson.Length);
        var (_, nodesForSubscriptions) = FleetSamples.NodesOfSize(subscriptionsJson.Length);

        // Interleave the runs so that machine noise hits both sides alike.
        var clusters = new Measurement();
        var nodesA = new Measurement();
        var subscriptions = new Measurement();
        var nodesB = new Measurement();
        for (var warm = 0; warm < 2; warm++)
        {
            Deserialize<ManagedClusterList>(clustersJson);
            Deserialize<V1NodeList>(nodesForClusters);
            Deserialize<SubscriptionList>(subscriptionsJson);
            Deserialize<V1NodeList>(nodesForSubscriptions);
        }

        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clusters.Run(() => Deserialize<ManagedClusterList>(clustersJson).Items.Count, items);
            nodesA.Run(() => Deserialize<V1NodeList>(nodesForClusters).Items.Count, 0);
            subscriptions.Run(() => Deserialize<SubscriptionList>(subscriptionsJson).Items.Count, items);
            nodesB.Run(() => Deserialize<V1NodeList>(nodesForSubscriptions).Items.Count, 0);
        }

        var clusterRatio = clusters.NanosPerByte(clustersJson.Length) / nodesA.NanosPerByte(nodesForClusters.Length);
        var subscriptionRatio = subscriptions.NanosPerByte(subscriptionsJson.Length) / nodesB.NanosPerByte(nodesForSubscriptions.Length);

        report.Heading($"  {"list",-44} {"bytes",18}  median ms, MB/s, allocated");
        Row(report, "ManagedClusterList (10,000)", clustersJson.Length, clusters);
        Row(report, "V1NodeList, same size (KubernetesClient)", nodesForClusters.Length, nodesA);
        Row(report, "SubscriptionList (10,000)", subscriptionsJson.Length, subscriptions);
        Row(report, "V1NodeList, same size (KubernetesClient)", nodesForSubscriptions.Length, nodesB);
        report.Row("ratio ManagedClusterList / V1NodeList", clusterRatio.ToString("F3"), "time per byte; goal <= 1.0");
        report.Row("ratio SubscriptionList / V1NodeList", subscriptionRatio.ToString("F3"), "time per byte; goal <= 1.0");

        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>
        {
            ["ratio_vs_kubernetesclient"] = Math.Max(clusterRatio, subscriptionRatio),
            ["managedclusters_ratio"] = clusterRatio,
            ["subscriptions_ratio"] = subscriptionRatio,
            ["managedclusters_ms"] = clusters.MedianMilliseconds,
            ["managedclusters_alloc_mb"] = clusters.AllocatedBytes / 1048576.0,
            ["subscriptions_ms"] = subscriptions.MedianMilliseconds,
            ["subscriptions_alloc_mb"] = subscriptions.AllocatedBytes / 1048576.0,
            ["nodes_ms_same_size_as_managedclusters"] = nodesA.MedianMilliseconds,
            ["nodes_ms_same_size_as_subscriptions"] = nodesB.MedianMilliseconds,
        };
        return Task.FromResult(metrics);
    }

    private static byte[] Utf8(string s) => System.Text.Encoding.UTF8.GetBytes(s);

    private static T Deserialize<T>(byte[] json)
    {
        using var stream = new MemoryStream(json, writable: false);
        return KubernetesJson.Deserialize<T>(stream);
    }

    private static void Row(ScenarioRun report, string name, int bytes, Measurement m)
        => report.Row(name, bytes.ToString("N0"), $"{m.MedianMilliseconds,8:F1} ms {bytes / 1048576.0 / (m.MedianMilliseconds / 1000):F0} MB/s {m.AllocatedBytes / 1048576.0:F1} MB");

    private sealed class Measurement
    {
        private readonly List<double> _millis = [];

        public long AllocatedBytes { get; private set; }

        public double MedianMilliseconds
        {
            get
            {
                var sorted = _millis.Order().ToArray();
                return sorted[sorted.Length / 2];
            }
        }

        public double NanosPerByte(int bytes) => MedianMilliseconds * 1e6 / bytes;

        /// <summary>Times one deserialization; <paramref name="action"/> returns the item count it read.</summary>
        public void Run(Func<int> action, int expectedItems)
        {
            // Start every run from a collected heap, so one side does not pay for the other's garbage.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            var count = action();
            sw.Stop();
            AllocatedBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            _millis.Add(sw.Elapsed.TotalMilliseconds);
            if (expectedItems > 0 && count != expectedItems)
            {
                throw new InvalidOperationException($"deserialized {count} items, expected {expectedItems}");
            }
        }
    }
}
