using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Tests.Storage;

/// <summary>The behaviour every <see cref="IObjectStore"/> shares; each store runs it through a derived class.</summary>
public abstract partial class ObjectStoreContractTests : IAsyncLifetime
{
    private readonly List<IObjectStore> _opened = [];

    protected const string ConfigMaps = "/configmaps";

    protected abstract Task<IObjectStore> CreateStoreAsync(ObjectStoreOptions? options = null);

    protected async Task<IObjectStore> OpenAsync(ObjectStoreOptions? options = null)
    {
        var store = await CreateStoreAsync(options);
        _opened.Add(store);
        return store;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
    }

    protected static StorageKey Cm(string ns, string name) => new(ConfigMaps, ns, name);

    protected static JsonObject ConfigMap(string name, string value = "v", string? uid = null) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["uid"] = uid ?? Guid.NewGuid().ToString() },
        ["data"] = new JsonObject { ["k"] = value },
    };

    protected static long Rv(JsonObject obj) => long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>());

    protected static string Name(JsonObject obj) => obj["metadata"]!["name"]!.GetValue<string>();

    protected static string Value(JsonObject obj) => obj["data"]!["k"]!.GetValue<string>();

    [Fact]
    public async Task EveryWriteTakesTheNextResourceVersionAcrossResources()
    {
        var store = await OpenAsync();
        var a = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));
        var b = await store.CreateAsync(new StorageKey("apps/deployments", "ns", "b"), ConfigMap("b"));
        var c = await store.CreateAsync(new StorageKey("/namespaces", null, "ns"), ConfigMap("ns"));
        var a2 = await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "2"));
        var deleted = await store.DeleteAsync(Cm("ns", "a"));

        long[] versions = [Rv(a), Rv(b), Rv(c), Rv(a2), Rv(deleted)];
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Length, versions.Distinct().Count());
        Assert.Equal(Rv(deleted), store.CurrentResourceVersion);
    }

    [Fact]
    public async Task CreateThenGetReturnsTheStoredObjectWithItsResourceVersion()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "hello"));

        var read = await store.GetAsync(Cm("ns", "a"));

        Assert.NotNull(read);
        Assert.Equal("hello", Value(read));
        Assert.Equal(Rv(created), Rv(read));
        Assert.Equal(System.Text.Json.JsonValueKind.String, read["metadata"]!["resourceVersion"]!.GetValueKind());
    }

    [Fact]
    public async Task GetOfAMissingObjectReturnsNull()
    {
        var store = await OpenAsync();

        Assert.Null(await store.GetAsync(Cm("ns", "missing")));
    }

    [Fact]
    public async Task ChangingTheObjectPassedToCreateDoesNotChangeTheStoredOne()
    {
        var store = await OpenAsync();
        var input = ConfigMap("a", "before");
        await store.CreateAsync(Cm("ns", "a"), input);

        input["data"]!["k"] = "after";

        Assert.Equal("before", Value((await store.GetAsync(Cm("ns", "a")))!));
    }

    [Fact]
    public async Task ChangingAnObjectReadBackDoesNotChangeTheStoredOne()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "before"));
        var read = (await store.GetAsync(Cm("ns", "a")))!;

        created["data"]!["k"] = "changed";
        read["data"]!["k"] = "changed";

        Assert.Equal("before", Value((await store.GetAsync(Cm("ns", "a")))!));
        Assert.Equal("before", Value((await store.ListAsync(ConfigMaps, "ns", new ListRequest())).Items[0]));
    }

    [Fact]
    public async Task TextOutsideAsciiAndCharactersJsonEscapesSurviveStorage()
    {
        var store = await OpenAsync();
        const string text = "héllo <b> & \"quoted\" \\ 日本 \u0001";
        await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", text));

        Assert.Equal(text, Value((await store.GetAsync(Cm("ns", "a")))!));
    }

    [Fact]
    public async Task CreateOfAnExistingKeyThrowsAlreadyExists()
    {
        var store = await OpenAsync();
        await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));

        await Assert.ThrowsAsync<StorageAlreadyExistsException>(() => store.CreateAsync(Cm("ns", "a"), ConfigMap("a")));
    }

    [Fact]
    public async Task UpdateWithTheCurrentResourceVersionReplacesTheObject()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "1"));

        var updated = await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "2"), Rv(created));

        Assert.True(Rv(updated) > Rv(created));
        Assert.Equal("2", Value((await store.GetAsync(Cm("ns", "a")))!));
    }

    [Fact]
    public async Task UpdateWithAStaleResourceVersionThrowsConflict()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "1"));
        await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "2"));

        await Assert.ThrowsAsync<StorageConflictException>(() => store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "3"), Rv(created)));
        Assert.Equal("2", Value((await store.GetAsync(Cm("ns", "a")))!));
    }

    [Fact]
    public async Task UpdateOfAMissingObjectThrowsNotFound()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<StorageNotFoundException>(() => store.UpdateAsync(Cm("ns", "a"), ConfigMap("a")));
    }

    [Fact]
    public async Task DeleteReturnsTheLastStateWithANewResourceVersionAndRemovesTheObject()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "last"));

        var deleted = await store.DeleteAsync(Cm("ns", "a"));

        Assert.Equal("last", Value(deleted));
        Assert.True(Rv(deleted) > Rv(created));
        Assert.Null(await store.GetAsync(Cm("ns", "a")));
    }

    [Fact]
    public async Task DeleteOfAMissingObjectThrowsNotFound()
    {
        var store = await OpenAsync();

        await Assert.ThrowsAsync<StorageNotFoundException>(() => store.DeleteAsync(Cm("ns", "a")));
    }

    [Fact]
    public async Task DeleteWithAnotherUidPreconditionThrowsConflictAndKeepsTheObject()
    {
        var store = await OpenAsync();
        await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", uid: "uid-1"));

        await Assert.ThrowsAsync<StorageConflictException>(() => store.DeleteAsync(Cm("ns", "a"), new DeletePreconditions(Uid: "uid-2")));
        Assert.NotNull(await store.GetAsync(Cm("ns", "a")));
    }

    [Fact]
    public async Task DeleteWithAStaleResourceVersionPreconditionThrowsConflict()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));
        await store.UpdateAsync(Cm("ns", "a"), ConfigMap("a", "2"));

        await Assert.ThrowsAsync<StorageConflictException>(() => store.DeleteAsync(Cm("ns", "a"), new DeletePreconditions(ResourceVersion: Rv(created))));
    }

    [Fact]
    public async Task DeleteWithMatchingPreconditionsSucceeds()
    {
        var store = await OpenAsync();
        var created = await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", uid: "uid-1"));

        await store.DeleteAsync(Cm("ns", "a"), new DeletePreconditions(Rv(created), "uid-1"));

        Assert.Null(await store.GetAsync(Cm("ns", "a")));
    }

    [Fact]
    public async Task ListReturnsOneNamespaceOrAllInNamespaceThenNameOrder()
    {
        var store = await OpenAsync();
        await store.CreateAsync(Cm("b", "m"), ConfigMap("m"));
        await store.CreateAsync(Cm("a", "z"), ConfigMap("z"));
        await store.CreateAsync(Cm("a", "y"), ConfigMap("y"));
        await store.CreateAsync(new StorageKey("/secrets", "a", "s"), ConfigMap("s"));

        var all = await store.ListAsync(ConfigMaps, null, new ListRequest());
        var inA = await store.ListAsync(ConfigMaps, "a", new ListRequest());

        Assert.Equal(["y", "z", "m"], all.Items.Select(Name));
        Assert.Equal(["y", "z"], inA.Items.Select(Name));
        Assert.Equal(store.CurrentResourceVersion, all.ResourceVersion);
        Assert.Null(all.Continue);
        Assert.Null(all.RemainingItemCount);
    }

    [Fact]
    public async Task ListKeepsOnlyObjectsThePredicateAccepts()
    {
        var store = await OpenAsync();
        await store.CreateAsync(Cm("ns", "a"), ConfigMap("a", "keep"));
        await store.CreateAsync(Cm("ns", "b"), ConfigMap("b", "drop"));

        var list = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Predicate = o => Value(o) == "keep" });

        Assert.Equal(["a"], list.Items.Select(Name));
    }

    [Fact]
    public async Task ListPagesWithContinueAndRemainingItemCount()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CreateAsync(Cm("ns", $"cm{i}"), ConfigMap($"cm{i}"));
        }

        var first = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 2 });
        var second = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 2, Continue = first.Continue });
        var third = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 2, Continue = second.Continue });

        Assert.Equal(["cm0", "cm1"], first.Items.Select(Name));
        Assert.Equal(3, first.RemainingItemCount);
        Assert.Equal(["cm2", "cm3"], second.Items.Select(Name));
        Assert.Equal(1, second.RemainingItemCount);
        Assert.Equal(["cm4"], third.Items.Select(Name));
        Assert.Null(third.Continue);
        Assert.Null(third.RemainingItemCount);
    }

    [Fact]
    public async Task LaterPagesShowTheFirstPagesSnapshotWhileObjectsChange()
    {
        var store = await OpenAsync();
        for (var i = 0; i < 6; i++)
        {
            await store.CreateAsync(Cm("ns", $"cm{i}"), ConfigMap($"cm{i}", "old"));
        }

        var first = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 2 });
        await store.DeleteAsync(Cm("ns", "cm2"));
        await store.UpdateAsync(Cm("ns", "cm3"), ConfigMap("cm3", "new"));
        await store.CreateAsync(Cm("ns", "cm3a"), ConfigMap("cm3a", "new"));
        await store.DeleteAsync(Cm("ns", "cm5"));
        var rest = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Continue = first.Continue });

        Assert.Equal(["cm2", "cm3", "cm4", "cm5"], rest.Items.Select(Name));
        Assert.All(rest.Items, i => Assert.Equal("old", Value(i)));
        Assert.Equal(first.ResourceVersion, rest.ResourceVersion);
    }

    [Fact]
    public async Task AContinueTokenOlderThanTheHistoryThrowsExpired()
    {
        var store = await OpenAsync(new ObjectStoreOptions { HistoryCapacity = 3 });
        for (var i = 0; i < 3; i++)
        {
            await store.CreateAsync(Cm("ns", $"cm{i}"), ConfigMap($"cm{i}"));
        }

        var first = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 1 });
        for (var i = 0; i < 4; i++)
        {
            await store.UpdateAsync(Cm("ns", "cm0"), ConfigMap("cm0", $"{i}"));
        }

        await Assert.ThrowsAsync<StorageExpiredException>(() => store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 1, Continue = first.Continue }));
    }

    [Fact]
    public async Task AContinueTokenOfAnotherResourceIsRejected()
    {
        var store = await OpenAsync();
        await store.CreateAsync(Cm("ns", "a"), ConfigMap("a"));
        await store.CreateAsync(Cm("ns", "b"), ConfigMap("b"));
        var first = await store.ListAsync(ConfigMaps, "ns", new ListRequest { Limit = 1 });

        await Assert.ThrowsAsync<ArgumentException>(() => store.ListAsync("/secrets", "ns", new ListRequest { Continue = first.Continue }));
    }
}
