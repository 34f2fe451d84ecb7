using Clusternet.Caching;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

public sealed class SharedInformerFactoryTests
{
    [Fact]
    public async Task OneInformerIsSharedPerTypeAndNamespace()
    {
        await using var factory = new SharedInformerFactory();
        var all = new FakeResourceServer();

        var first = factory.GetInformer(all);

        Assert.Same(first, factory.GetInformer(new FakeResourceServer()));
        Assert.NotSame(first, factory.GetInformer(new FakeResourceServer("other")));
    }

    [Fact]
    public async Task StartSyncsEveryInformer()
    {
        await using var factory = new SharedInformerFactory();
        var server = new FakeResourceServer();
        server.Put("a");
        var other = new FakeResourceServer("other");
        var informer = factory.GetInformer(server);
        var otherInformer = factory.GetInformer(other);

        await factory.StartAsync();

        Assert.True(await factory.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(informer.HasSynced && otherInformer.HasSynced);
        Assert.Equal(1, informer.Lister.Count);
    }

    [Fact]
    public async Task AnInformerAskedForAfterStartStartsAtOnce()
    {
        await using var factory = new SharedInformerFactory();
        await factory.StartAsync();

        var informer = factory.GetInformer(new FakeResourceServer());

        Assert.True(await informer.WaitForCacheSyncAsync().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task StopStopsEveryInformer()
    {
        var factory = new SharedInformerFactory();
        var server = new FakeResourceServer();
        factory.GetInformer(server);
        await factory.StartAsync();
        await server.NextWatchAsync();

        await factory.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, server.OpenWatches);
    }
}
