using System.Diagnostics;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;

namespace Clusternet.Client.Tests.Clients;

/// <summary>The resuming watch against a real HTTP server that drops, ends, bookmarks and compacts.</summary>
public sealed class ResumingWatchTests : IAsyncLifetime
{
    private static readonly ResourceDescriptor Widgets = ResourceDescriptor.For<Widget>();
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private TestApiServer server = null!;
    private ResourceClient<Widget, WidgetList> client = null!;

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(Widgets);
        client = server.CreateKubernetes().Resource<Widget, WidgetList>("default");
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    private static async Task<WatchEvent<Widget>> NextAsync(IAsyncEnumerator<WatchEvent<Widget>> events)
    {
        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(Patience));
        return events.Current;
    }

    private static async Task<List<string>> TakeAsync(IAsyncEnumerator<WatchEvent<Widget>> events, int count)
    {
        var seen = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var e = await NextAsync(events);
            seen.Add($"{e.Type} {e.Object.Metadata.Name}");
        }

        return seen;
    }

    private static string QueryValue(TestApiServer.RecordedRequest request, string name) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(request.Query).TryGetValue(name, out var v) ? v.ToString() : "";

    [Fact]
    public async Task Without_a_resource_version_it_lists_first_then_watches_from_the_list_version()
    {
        server.Put(Widgets, Widget.Named("a"));
        server.Put(Widgets, Widget.Named("b"));
        await using var events = client.WatchAsync().GetAsyncEnumerator();
        Assert.Equal(["Added a", "Added b"], await TakeAsync(events, 2));
        server.Put(Widgets, Widget.Named("c"));
        Assert.Equal(["Added c"], await TakeAsync(events, 1));
        Assert.Equal("2", QueryValue(server.WatchRequests().Single(), "resourceVersion"));
    }

    [Fact]
    public async Task It_resumes_after_a_dropped_connection_without_losing_or_duplicating_events()
    {
        server.Put(Widgets, Widget.Named("a"));
        await using var events = client.WatchAsync().GetAsyncEnumerator();
        Assert.Equal(["Added a"], await TakeAsync(events, 1));
        server.Put(Widgets, Widget.Named("b"));
        Assert.Equal(["Added b"], await TakeAsync(events, 1)); // delivered by the watch, which is therefore open

        server.HoldWatches();
        server.DropWatches();
        server.Put(Widgets, Widget.Named("c"));
        server.Put(Widgets, Widget.Named("b", size: 5));
        server.ReleaseWatches();
        Assert.Equal(["Added c", "Modified b"], await TakeAsync(events, 2));
        server.Put(Widgets, Widget.Named("d"));
        Assert.Equal(["Added d"], await TakeAsync(events, 1));

        var watches = server.WatchRequests();
        Assert.Equal(2, watches.Count);
        Assert.Equal("2", QueryValue(watches[1], "resourceVersion"));
        Assert.Single(server.Requests, r => !r.Query.Contains("watch=true", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bookmark_advances_the_resume_point_and_is_not_yielded()
    {
        server.Put(Widgets, Widget.Named("a"));
        await using var events = client.WatchAsync(new WatchOptions { ResourceVersion = "0" }).GetAsyncEnumerator();
        Assert.Equal(["Added a"], await TakeAsync(events, 1));
        await server.WaitForOpenWatchesAsync(1).WaitAsync(Patience);

        server.BumpResourceVersion();
        var bookmarked = server.BumpResourceVersion();
        server.SendBookmarks();
        server.EndWatches();
        server.Put(Widgets, Widget.Named("b"));

        var next = await NextAsync(events);
        Assert.Equal((WatchEventType.Added, "b"), (next.Type, next.Object.Metadata.Name));
        var watches = server.WatchRequests();
        Assert.Equal(bookmarked.ToString(), QueryValue(watches[1], "resourceVersion"));
        Assert.Equal("true", QueryValue(watches[1], "allowWatchBookmarks"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task After_compaction_it_relists_and_reports_what_changed_in_the_gap(bool expireWithHttpStatus)
    {
        server.ExpireWithHttpStatus = expireWithHttpStatus;
        server.Put(Widgets, Widget.Named("a"));
        server.Put(Widgets, Widget.Named("b"));
        var c = server.Put(Widgets, Widget.Named("c"));
        await using var events = client.WatchAsync().GetAsyncEnumerator();
        Assert.Equal(["Added a", "Added b", "Added c"], await TakeAsync(events, 3));

        // The watch opens only when the next event is asked for.
        var pending = events.MoveNextAsync().AsTask();
        await server.WaitForOpenWatchesAsync(1).WaitAsync(Patience);
        server.HoldWatches();
        server.DropWatches();
        server.Put(Widgets, Widget.Named("b", size: 9));
        server.Remove(Widgets, "default", "c");
        server.Put(Widgets, Widget.Named("d"));
        server.Compact();
        server.ReleaseWatches();

        Assert.True(await pending.WaitAsync(Patience));
        var modified = events.Current;
        Assert.Equal((WatchEventType.Modified, "b", 9), (modified.Type, modified.Object.Metadata.Name, modified.Object.Spec.Size));
        Assert.Equal(["Added d"], await TakeAsync(events, 1));
        var deleted = await NextAsync(events);
        Assert.Equal(WatchEventType.Deleted, deleted.Type);
        Assert.Equal(("c", "default", c.Metadata.Uid), (deleted.Object.Metadata.Name, deleted.Object.Metadata.NamespaceProperty, deleted.Object.Metadata.Uid));
        Assert.Null(deleted.Object.Metadata.ResourceVersion);

        server.Put(Widgets, Widget.Named("e"));
        Assert.Equal(["Added e"], await TakeAsync(events, 1));
        Assert.Equal(2, server.Requests.Count(r => r.Method == "GET" && !r.Query.Contains("watch=true", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancellation_ends_the_enumeration_promptly()
    {
        server.Put(Widgets, Widget.Named("a"));
        using var cancellation = new CancellationTokenSource();
        await using var events = client.WatchAsync(cancellationToken: cancellation.Token).GetAsyncEnumerator();
        Assert.Equal(["Added a"], await TakeAsync(events, 1));
        var pending = events.MoveNextAsync().AsTask();
        await server.WaitForOpenWatchesAsync(1).WaitAsync(Patience);

        var stopwatch = Stopwatch.StartNew();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Patience));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ListAll_follows_continue_tokens_page_by_page()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            server.Put(Widgets, Widget.Named(name));
        }

        var names = await client.ListAllAsync(new ListOptions { Limit = 2 }).Select(w => w.Metadata.Name).ToListAsync();
        Assert.Equal(["a", "b", "c", "d", "e"], names);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task Writes_round_trip_through_the_server()
    {
        var created = await client.CreateAsync(Widget.Named("a"));
        await Assert.ThrowsAsync<AlreadyExistsException>(() => client.CreateAsync(Widget.Named("a")));
        created.Spec.Size = 4;
        var updated = await client.UpdateAsync(created);
        await Assert.ThrowsAsync<ConflictException>(() => client.UpdateAsync(created));
        updated.Status = new WidgetStatus { Ready = true };
        await client.UpdateStatusAsync(updated);
        var read = await client.GetAsync("a");
        Assert.Equal((4, true), (read.Spec.Size, read.Status.Ready));
        Assert.NotNull(await client.DeleteAsync("a"));
        await Assert.ThrowsAsync<NotFoundException>(() => client.GetAsync("a"));
    }
}
