using System.Diagnostics;
using Clusternet.ControlPlane.Storage;
using Clusternet.Testing;

namespace Clusternet.ControlPlane.Tests.Storage;

public sealed class SqliteObjectStoreTests : ObjectStoreContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "clusternet-storage-" + Guid.NewGuid().ToString("N"));

    protected override async Task<IObjectStore> CreateStoreAsync(ObjectStoreOptions? options = null) =>
        await SqliteObjectStore.OpenAsync(_directory, options);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task ReopeningTheDirectoryKeepsTheObjectsAndTheResourceVersionKeepsGrowing()
    {
        long before;
        await using (var store = await SqliteObjectStore.OpenAsync(_directory))
        {
            await store.CreateAsync(Cm("ns", "kept"), ConfigMap("kept", "v1"));
            await store.CreateAsync(Cm("ns", "gone"), ConfigMap("gone"));
            await store.UpdateAsync(Cm("ns", "kept"), ConfigMap("kept", "v2"));
            await store.DeleteAsync(Cm("ns", "gone")); // the last write removes a row: the counter must survive it
            before = store.CurrentResourceVersion;
        }

        var reopened = await OpenAsync();
        var kept = await reopened.GetAsync(Cm("ns", "kept"));
        var next = await reopened.CreateAsync(Cm("ns", "new"), ConfigMap("new"));

        Assert.Equal(before, reopened.CurrentResourceVersion - 1);
        Assert.Equal("v2", Value(kept!));
        Assert.Null(await reopened.GetAsync(Cm("ns", "gone")));
        Assert.True(Rv(next) > before);
    }

    [Fact]
    public async Task ASecondStoreOnTheSameDirectoryFailsToOpen()
    {
        await OpenAsync();

        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => SqliteObjectStore.OpenAsync(_directory));
    }

    [Fact]
    public async Task AWatchFromBeforeAReopenThrowsExpired()
    {
        long before;
        await using (var store = await SqliteObjectStore.OpenAsync(_directory))
        {
            await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));
            before = store.CurrentResourceVersion;
            await store.CreateAsync(Cm("ns", "b"), ConfigMap("b"));
        }

        var reopened = await OpenAsync();
        await using var watch = reopened.WatchAsync(ConfigMaps, "ns", before).GetAsyncEnumerator();

        await Assert.ThrowsAsync<StorageExpiredException>(async () => await watch.MoveNextAsync());
    }

    [Fact]
    public async Task EveryAcknowledgedCreateSurvivesAKilledProcess()
    {
        var acknowledged = new List<string>();
        using (var host = StartCrashHost())
        {
            var ready = await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("ready", ready);

            // Let it write for a while, kill it mid-flight, then take every line it printed before dying.
            while (acknowledged.Count < 2000 && await host.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)) is { } line)
            {
                acknowledged.Add(line);
            }

            host.Kill(entireProcessTree: true);
            while (await host.StandardOutput.ReadLineAsync() is { } line)
            {
                acknowledged.Add(line);
            }

            await host.WaitForExitAsync();
        }

        var store = await OpenAsync();
        var stored = await store.ListAsync(ConfigMaps, "crash", new ListRequest());
        var names = stored.Items.Select(Name).ToHashSet();
        var highest = stored.Items.Max(Rv);
        var next = await store.CreateAsync(Cm("crash", "after"), ConfigMap("after"));

        Assert.True(acknowledged.Count >= 2000, $"only {acknowledged.Count} acknowledgements");
        var lost = acknowledged.Except(names).ToList();
        Assert.Empty(lost);
        Assert.True(Rv(next) > highest);
    }

    private Process StartCrashHost()
    {
        // The host is built beside this test assembly's configuration and framework (bin/<config>/<tfm>).
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var host = Path.Combine(RepositoryPaths.Root, "tests", "Clusternet.ControlPlane.StorageCrashHost", "bin", tfm.Parent!.Name, tfm.Name,
            "Clusternet.ControlPlane.StorageCrashHost.dll");
        Assert.True(File.Exists(host), $"crash host not built: {host}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(_directory);
        return Process.Start(start)!;
    }
}
