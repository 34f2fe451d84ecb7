using System.Diagnostics;
using System.Runtime.CompilerServices;
using Clusternet.Caching;
using Clusternet.Clients;
using k8s;
using k8s.Models;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// Feeds small ConfigMaps through an informer from an in-memory server: a paged list of N objects, then N MODIFIED
/// events on one watch, with one no-op handler registered. Measures the events applied per second (until the handler
/// has seen the last one) and the cache's memory per object beyond the objects themselves.
/// </summary>
internal sealed class InformerScenario : IScenario
{
    private const double EventsGoal = 50_000;
    private const double OverheadGoal = 2048;

    public string Name => "informer";

    public string Description => "informer store+event path: watch events/s with a no-op handler (goal >= 50,000) and cache overhead bytes/object (goal <= 2048)";

    public async Task<IReadOnlyDictionary<string, double>> RunAsync(ScenarioRun report, CancellationToken cancellationToken)
    {
        var count = report.Quick ? 20_000 : 100_000;
        var listed = new V1ConfigMap[count];
        var modified = new V1ConfigMap[count];
        for (var i = 0; i < count; i++)
        {
            listed[i] = NewConfigMap(i, resourceVersion: i + 1, value: "v1");
            modified[i] = NewConfigMap(i, resourceVersion: count + i + 1, value: "v2");
        }

        var server = new InMemoryServer(listed, modified);
        var handler = new CountingHandler();

        // Baseline: the same objects held only by plain arrays.
        var baseline = FullGcHeap();

        var informer = SharedInformer.Create(server);
        handler.Expect(count);
        informer.AddEventHandler(handler);
        var listClock = Stopwatch.StartNew();
        await informer.StartAsync(cancellationToken);
        await informer.WaitForCacheSyncAsync(cancellationToken);
        await handler.Done.Task.WaitAsync(cancellationToken);
        listClock.Stop();

        var filled = FullGcHeap();
        var overhead = (double)(filled - baseline) / count;

        handler.Expect(count);
        var watchClock = Stopwatch.StartNew();
        server.StartWatch.SetResult();
        await handler.Done.Task.WaitAsync(cancellationToken);
        watchClock.Stop();
        var eventsPerSecond = count / watchClock.Elapsed.TotalSeconds;
        if (informer.LastSyncResourceVersion != (2 * count).ToString() || informer.Lister.Get("bench/cm-00000")?.Data["k"] != "v2")
        {
            throw new InvalidOperationException("The informer did not apply every watch event.");
        }

        await informer.StopAsync(cancellationToken);
        GC.KeepAlive(listed);
        GC.KeepAlive(modified);

        report.Heading($"  {count:N0} ConfigMaps (name, namespace, resourceVersion, uid, 2 labels, 1 data key), 1 no-op handler");
        report.Row("initial list + adds delivered", $"{listClock.Elapsed.TotalMilliseconds:N0} ms", $"pages of 500, {server.ListCalls} list calls");
        report.Row("watch events applied", $"{eventsPerSecond:N0} /s", $"goal >= {EventsGoal:N0}  {(eventsPerSecond >= EventsGoal ? "ok" : "MISSED")}");
        report.Row("cache overhead per object", $"{overhead:N0} B", $"goal <= {OverheadGoal:N0}  {(overhead <= OverheadGoal ? "ok" : "MISSED")}");

        return new Dictionary<string, double>
        {
            ["objects"] = count,
            ["events_per_s"] = eventsPerSecond,
            ["overhead_bytes_per_object"] = overhead,
            ["list_ms"] = listClock.Elapsed.TotalMilliseconds,
        };
    }

    private static long FullGcHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static V1ConfigMap NewConfigMap(int i, long resourceVersion, string value) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = $"cm-{i:D5}",
            NamespaceProperty = "bench",
            ResourceVersion = resourceVersion.ToString(),
            Uid = Guid.NewGuid().ToString(),
            Labels = new Dictionary<string, string> { ["app"] = "bench", ["shard"] = (i % 16).ToString() },
        },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    /// <summary>Counts notifications and completes <see cref="Done"/> at the expected number; otherwise does nothing.</summary>
    private sealed class CountingHandler : IResourceEventHandler<V1ConfigMap>
    {
        private int _remaining;

        public TaskCompletionSource Done { get; private set; } = new();

        public void Expect(int count)
        {
            Done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _remaining, count);
        }

        public void OnAdd(V1ConfigMap obj, bool isInInitialList) => Count();

        public void OnUpdate(V1ConfigMap oldObj, V1ConfigMap newObj) => Count();

        public void OnDelete(V1ConfigMap obj, bool finalStateUnknown) => Count();

        private void Count()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                Done.TrySetResult();
            }
        }
    }

    /// <summary>Serves <c>listed</c> in pages, then one watch that streams <c>modified</c> as MODIFIED events once started.</summary>
    private sealed class InMemoryServer(V1ConfigMap[] listed, V1ConfigMap[] modified) : IResourceClient<V1ConfigMap, V1ConfigMapList>
    {
        private int _watches;

        public TaskCompletionSource StartWatch { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int ListCalls { get; private set; }

        public string? Namespace => null;

        public Task<V1ConfigMapList> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
        {
            ListCalls++;
            var offset = options?.Continue is { } token ? int.Parse(token) : 0;
            var limit = Math.Min(options?.Limit ?? listed.Length, listed.Length - offset);
            var next = offset + limit < listed.Length ? (offset + limit).ToString() : null;
            return Task.FromResult(new V1ConfigMapList
            {
                Metadata = new V1ListMeta { ResourceVersion = listed.Length.ToString(), ContinueProperty = next },
                Items = new ArraySegment<V1ConfigMap>(listed, offset, limit),
            });
        }

        public async IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchStreamAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _watches) == 1)
            {
                await StartWatch.Task.WaitAsync(cancellationToken);
                foreach (var obj in modified)
                {
                    yield return new WatchEvent<V1ConfigMap>(WatchEventType.Modified, obj);
                }
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task<V1ConfigMap> GetAsync(string name, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<V1ConfigMap> ListAllAsync(ListOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public IAsyncEnumerable<WatchEvent<V1ConfigMap>> WatchAsync(WatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<V1ConfigMap> CreateAsync(V1ConfigMap item, WriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<V1ConfigMap> UpdateAsync(V1ConfigMap item, WriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<V1ConfigMap> UpdateStatusAsync(V1ConfigMap item, WriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<V1ConfigMap> PatchAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<V1ConfigMap> PatchStatusAsync(string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<V1ConfigMap?> DeleteAsync(string name, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task DeleteCollectionAsync(ListOptions? listOptions = null, DeleteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
