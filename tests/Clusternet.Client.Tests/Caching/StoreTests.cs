using Clusternet.Caching;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

public sealed class StoreTests
{
    private static V1ConfigMap ConfigMap(string name, string ns = "default", string app = "web", long rv = 1)
    {
        var cm = FakeResourceServer.NewConfigMap(name, "v", rv, ns);
        cm.Metadata.Labels = new Dictionary<string, string> { ["app"] = app };
        return cm;
    }

    private static IEnumerable<string> ByApp(V1ConfigMap cm) => cm.Metadata.Labels is { } l && l.TryGetValue("app", out var app) ? [app] : [];

    [Fact]
    public void KeysAreNamespaceSlashNameOrNameForClusterScoped()
    {
        Assert.Equal("ns1/a", CacheKey.Of(ConfigMap("a", "ns1")));
        Assert.Equal("node-1", CacheKey.Of(new V1Node { Metadata = new V1ObjectMeta { Name = "node-1" } }));
        Assert.Equal(("ns1", "a"), CacheKey.Split("ns1/a"));
        Assert.Equal(((string?)null, "node-1"), CacheKey.Split("node-1"));
    }

    [Fact]
    public void GetReturnsTheCachedInstance()
    {
        var store = new Store<V1ConfigMap>();
        var cm = ConfigMap("a");
        store.AddOrUpdate(cm);

        Assert.Same(cm, store.Get("default/a"));
        Assert.Null(store.Get("default/b"));
    }

    [Fact]
    public void AddOrUpdateReturnsThePreviousObject()
    {
        var store = new Store<V1ConfigMap>();
        var first = ConfigMap("a", rv: 1);
        Assert.Null(store.AddOrUpdate(first));

        Assert.Same(first, store.AddOrUpdate(ConfigMap("a", rv: 2)));
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void ListByNamespaceUsesTheBuiltInIndex()
    {
        var store = new Store<V1ConfigMap>();
        store.AddOrUpdate(ConfigMap("a", "ns1"));
        store.AddOrUpdate(ConfigMap("b", "ns1"));
        store.AddOrUpdate(ConfigMap("c", "ns2"));

        Assert.Equal(["a", "b"], store.List("ns1").Select(c => c.Name()).Order());
        Assert.Equal(["c"], store.ByIndex(Store.NamespaceIndex, "ns2").Select(c => c.Name()));
        Assert.Empty(store.List("ns3"));
        Assert.Equal(3, store.List().Count);
    }

    [Fact]
    public void ACustomIndexFollowsUpdates()
    {
        var store = new Store<V1ConfigMap>();
        store.AddIndexer("app", ByApp);
        store.AddOrUpdate(ConfigMap("a", app: "web"));

        store.AddOrUpdate(ConfigMap("a", app: "db", rv: 2));

        Assert.Empty(store.ByIndex("app", "web"));
        Assert.Equal("2", Assert.Single(store.ByIndex("app", "db")).ResourceVersion());
    }

    [Fact]
    public void AnIndexAddedLaterCoversObjectsAlreadyCached()
    {
        var store = new Store<V1ConfigMap>();
        store.AddOrUpdate(ConfigMap("a", app: "web"));

        store.AddIndexer("app", ByApp);

        Assert.Single(store.ByIndex("app", "web"));
    }

    [Fact]
    public void DeleteRemovesTheObjectFromEveryIndex()
    {
        var store = new Store<V1ConfigMap>();
        store.AddIndexer("app", ByApp);
        store.AddOrUpdate(ConfigMap("a"));

        Assert.NotNull(store.Delete("default/a"));

        Assert.Empty(store.ByIndex("app", "web"));
        Assert.Empty(store.List("default"));
        Assert.Null(store.Delete("default/a"));
    }

    [Fact]
    public void ReplaceDropsObjectsNotListed()
    {
        var store = new Store<V1ConfigMap>();
        store.AddOrUpdate(ConfigMap("a"));
        store.AddOrUpdate(ConfigMap("b"));

        store.Replace([ConfigMap("b", rv: 5), ConfigMap("c", rv: 6)], "6");

        Assert.Equal(["b", "c"], store.List().Select(c => c.Name()).Order());
        Assert.Equal("6", store.ResourceVersion);
    }

    [Fact]
    public void AskingForAnUnknownIndexThrows()
        => Assert.Throws<ArgumentException>(() => new Store<V1ConfigMap>().ByIndex("nope", "x"));

    [Fact]
    public void AnIndexNameCanBeAddedOnce()
    {
        var store = new Store<V1ConfigMap>();
        store.AddIndexer("app", ByApp);

        Assert.Throws<ArgumentException>(() => store.AddIndexer("app", ByApp));
        Assert.Throws<ArgumentException>(() => store.AddIndexer(Store.NamespaceIndex, ByApp));
    }
}
