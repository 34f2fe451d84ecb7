using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Clusternet.Clients;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusternet.Client.Tests.Support;

/// <summary>
/// A minimal Kubernetes-like API server on 127.0.0.1 for client, watch and informer tests. It stores the objects
/// of the resources it is given in memory under one global resourceVersion counter and serves:
/// <list type="bullet">
/// <item>get, list (<c>labelSelector</c> equality terms, <c>limit</c>/<c>continue</c>), create, update (with
/// resourceVersion preconditions), <c>/status</c> update, JSON merge patch, delete and deletecollection;</item>
/// <item>watch: chunked newline-delimited JSON flushed per event, from a resourceVersion (history replay) or from
/// the current state (<c>""</c>/<c>"0"</c>: ADDED for every object), BOOKMARKs when <c>allowWatchBookmarks</c> and
/// <see cref="BookmarkInterval"/> is set (or on <see cref="SendBookmarks"/>), 410 Expired for a resourceVersion older
/// than the history window (an ERROR event, or HTTP 410 with <see cref="ExpireWithHttpStatus"/>), and
/// <c>timeoutSeconds</c>;</item>
/// <item>test hooks: <see cref="DropWatches"/> (abort connections), <see cref="EndWatches"/> (close normally),
/// <see cref="HoldWatches"/>/<see cref="ReleaseWatches"/> (park new watch requests), <see cref="Compact"/> (forget
/// history), server-side writes (<see cref="Put{T}"/>, <see cref="Remove"/>, <see cref="BumpResourceVersion"/>) and a
/// request log.</item>
/// </list>
/// A create with <c>dryRun=All</c> answers as a create would and stores nothing.
/// Errors are Kubernetes Status bodies. Not served: discovery, field selectors, strategic merge and apply patches.
/// </summary>
public sealed class TestApiServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Store> stores = new(StringComparer.Ordinal);
    private readonly List<HistoryEntry> history = [];
    private readonly List<Watch> watches = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> watchWaiters = [];
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private long resourceVersion;
    private long compactedThrough;
    private TaskCompletionSource holdRelease = CompletedSignal();

    private TestApiServer(WebApplication app, IEnumerable<ResourceDescriptor> resources)
    {
        this.app = app;
        foreach (var resource in resources)
        {
            stores[StoreKey(resource.Group, resource.Version, resource.Plural)] = new Store(resource);
        }
    }

    /// <summary>The server's URL, such as <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyCollection<RecordedRequest> Requests => requests;

    /// <summary>How often to send BOOKMARKs to watches that allow them; null sends them only on <see cref="SendBookmarks"/>.</summary>
    public TimeSpan? BookmarkInterval { get; set; }

    /// <summary>Answer a too-old resourceVersion with HTTP 410 instead of a 200 carrying an ERROR event.</summary>
    public bool ExpireWithHttpStatus { get; set; }

    /// <summary>The current global resourceVersion.</summary>
    public long ResourceVersion { get { lock (gate) { return resourceVersion; } } }

    /// <summary>How many watches are streaming now.</summary>
    public int OpenWatchCount { get { lock (gate) { return watches.Count; } } }

    /// <summary>Starts a server for the given resources on a free loopback port.</summary>
    public static async Task<TestApiServer> StartAsync(params ResourceDescriptor[] resources)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new TestApiServer(app, resources);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUri = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return server;
    }

    /// <summary>A KubernetesClient instance pointed at this server.</summary>
    public Kubernetes CreateKubernetes() => new(new KubernetesClientConfiguration { Host = BaseUri.ToString() });

    /// <summary>Stores <paramref name="item"/> as a client's create or update would, emitting ADDED or MODIFIED.</summary>
    public T Put<T>(ResourceDescriptor resource, T item)
    {
        var node = JsonNode.Parse(KubernetesJson.Serialize(item!))!.AsObject();
        lock (gate)
        {
            var store = StoreOf(resource);
            var metadata = Metadata(node);
            var key = Key(metadata["namespace"]?.GetValue<string>(), metadata["name"]!.GetValue<string>());
            var exists = store.Objects.TryGetValue(key, out var old);
            metadata["uid"] = old is null ? Guid.NewGuid().ToString() : Metadata(old)["uid"]!.GetValue<string>();
            node["apiVersion"] ??= resource.ApiVersion;
            node["kind"] ??= resource.Kind;
            metadata["creationTimestamp"] ??= DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Commit(store, key, node, exists ? "MODIFIED" : "ADDED");
        }

        return KubernetesJson.Deserialize<T>(node.ToJsonString());
    }

    /// <summary>Deletes an object server-side, emitting DELETED; false when it did not exist.</summary>
    public bool Remove(ResourceDescriptor resource, string? @namespace, string name)
    {
        lock (gate)
        {
            var store = StoreOf(resource);
            var key = Key(@namespace, name);
            if (!store.Objects.TryGetValue(key, out var node))
            {
                return false;
            }

            Commit(store, key, node, "DELETED");
            return true;
        }
    }

    /// <summary>Advances the global resourceVersion without an event, as writes to other resources do.</summary>
    public long BumpResourceVersion()
    {
        lock (gate)
        {
            return ++resourceVersion;
        }
    }

    /// <summary>Forgets the event history: a watch resuming from an older resourceVersion now gets 410 Expired.</summary>
    public void Compact()
    {
        lock (gate)
        {
            history.Clear();
            compactedThrough = resourceVersion;
        }
    }

    /// <summary>Aborts every open watch connection, as a failing network or server does.</summary>
    public void DropWatches()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Context.Abort();
            }
        }
    }

    /// <summary>Ends every open watch normally after the events already queued, as a server-side timeout does.</summary>
    public void EndWatches()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Events.Writer.TryComplete();
            }
        }
    }

    /// <summary>Sends a BOOKMARK at the current resourceVersion to every open watch that allows them.</summary>
    public void SendBookmarks()
    {
        lock (gate)
        {
            foreach (var watch in watches.Where(w => w.Bookmarks))
            {
                watch.Events.Writer.TryWrite(BookmarkLine(watch.Store));
            }
        }
    }

    /// <summary>Parks new watch requests (before they read the store) until <see cref="ReleaseWatches"/>.</summary>
    public void HoldWatches()
    {
        lock (gate)
        {
            if (holdRelease.Task.IsCompleted)
            {
                holdRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets parked watch requests proceed.</summary>
    public void ReleaseWatches()
    {
        lock (gate)
        {
            holdRelease.TrySetResult();
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> watches are streaming.</summary>
    public Task WaitForOpenWatchesAsync(int count)
    {
        lock (gate)
        {
            if (watches.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            watchWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    /// <summary>The watch requests received so far (including held and expired ones).</summary>
    public IReadOnlyList<RecordedRequest> WatchRequests() =>
        requests.Where(r => r.Method == "GET" && r.Query.Contains("watch=true", StringComparison.Ordinal)).ToList();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        ReleaseWatches();
        DropWatches();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        requests.Enqueue(new RecordedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "", request.ContentType));
        var route = Route.Parse(request.Path.Value ?? "");
        Store? store;
        lock (gate)
        {
            store = route is null ? null : stores.GetValueOrDefault(StoreKey(route.Group, route.Version, route.Plural));
        }

        if (route is null || store is null)
        {
            await WriteStatusAsync(context, 404, "NotFound", "the server could not find the requested resource");
            return;
        }

        var query = request.Query;
        switch (request.Method, route.Name is null)
        {
            case ("GET", true) when query["watch"] is { Count: > 0 } w && (w[0] == "true" || w[0] == "1"):
                await WatchAsync(context, store, route);
                break;
            case ("GET", true):
                await ListAsync(context, store, route);
                break;
            case ("GET", false):
                await WithObjectAsync(context, store, route, (key, node) => WriteJsonAsync(context, 200, node));
                break;
            case ("POST", true):
                await CreateAsync(context, store, route);
                break;
            case ("PUT", false):
                await UpdateAsync(context, store, route);
                break;
            case ("PATCH", false):
                await MergePatchAsync(context, store, route);
                break;
            case ("DELETE", false):
                await WithObjectAsync(context, store, route, (key, node) =>
                {
                    lock (gate)
                    {
                        Commit(store, key, node, "DELETED");
                    }

                    return WriteJsonAsync(context, 200, node);
                });
                break;
            case ("DELETE", true):
                lock (gate)
                {
                    foreach (var (key, node) in Matching(store, route.Namespace, query["labelSelector"]).ToList())
                    {
                        Commit(store, key, node, "DELETED");
                    }
                }

                await WriteStatusAsync(context, 200, null, "deleted", success: true);
                break;
            default:
                await WriteStatusAsync(context, 405, "MethodNotAllowed", $"{request.Method} is not supported here");
                break;
        }
    }

    private async Task ListAsync(HttpContext context, Store store, Route route)
    {
        var query = context.Request.Query;
        var offset = 0;
        if (query["continue"] is { Count: > 0 } token && !string.IsNullOrEmpty(token[0]))
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(token[0]!)).Split(':');
            lock (gate)
            {
                if (long.Parse(parts[0], CultureInfo.InvariantCulture) < compactedThrough)
                {
                    offset = -1;
                }
            }

            if (offset < 0)
            {
                await WriteStatusAsync(context, 410, "Expired", "The provided continue parameter is too old to display a consistent list result.");
                return;
            }

            offset = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        JsonArray items;
        string? next = null;
        long version;
        lock (gate)
        {
            version = resourceVersion;
            var all = Matching(store, route.Namespace, query["labelSelector"]).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList();
            var limit = int.TryParse(query["limit"], out var l) && l > 0 ? l : int.MaxValue;
            var page = all.Skip(offset).Take(limit).ToList();
            if (offset + page.Count < all.Count)
            {
                next = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{version}:{offset + page.Count}"));
            }

            items = new JsonArray(page.Select(n => n.DeepClone()).ToArray());
        }

        var metadata = new JsonObject { ["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture) };
        if (next is not null)
        {
            metadata["continue"] = next;
        }

        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["apiVersion"] = store.Resource.ApiVersion,
            ["kind"] = store.Resource.Kind + "List",
            ["metadata"] = metadata,
            ["items"] = items,
        });
    }

    private async Task WatchAsync(HttpContext context, Store store, Route route)
    {
        Task hold;
        lock (gate)
        {
            hold = holdRelease.Task;
        }

        await hold.WaitAsync(context.RequestAborted);
        var query = context.Request.Query;
        var selector = query["labelSelector"];
        var from = query["resourceVersion"].ToString();
        var bookmarks = query["allowWatchBookmarks"] == "true";
        var watch = new Watch(context, store, route.Namespace, selector, bookmarks);
        bool expired;
        lock (gate)
        {
            if (from is "" or "0")
            {
                expired = false;
                foreach (var (_, node) in Matching(store, route.Namespace, selector))
                {
                    watch.Events.Writer.TryWrite(EventLine("ADDED", node));
                }
            }
            else
            {
                var since = long.Parse(from, CultureInfo.InvariantCulture);
                expired = since < compactedThrough;
                foreach (var entry in history.Where(e => e.ResourceVersion > since && watch.Matches(e.Store, e.Object)))
                {
                    watch.Events.Writer.TryWrite(EventLine(entry.Type, entry.Object));
                }
            }

            if (!expired)
            {
                watches.Add(watch);
                foreach (var waiter in watchWaiters.Where(w => watches.Count >= w.Count).ToList())
                {
                    waiter.Signal.TrySetResult();
                    watchWaiters.Remove(waiter);
                }
            }
        }

        if (expired)
        {
            const string message = "too old resource version";
            if (ExpireWithHttpStatus)
            {
                await WriteStatusAsync(context, 410, "Expired", message);
                return;
            }

            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            var status = StatusNode(410, "Expired", message, success: false);
            await context.Response.WriteAsync(EventLine("ERROR", status));
            return;
        }

        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (int.TryParse(query["timeoutSeconds"], out var timeoutSeconds) && timeoutSeconds > 0)
        {
            lifetime.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        }

        using var bookmarkTimer = bookmarks && BookmarkInterval is { } interval
            ? new Timer(_ => { lock (gate) { watch.Events.Writer.TryWrite(BookmarkLine(store)); } }, null, interval, interval)
            : null;
        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";

            // Headers go out at once: clients wait for them before they expect any event.
            await context.Response.StartAsync(lifetime.Token);
            await context.Response.Body.FlushAsync(lifetime.Token);
            await foreach (var line in watch.Events.Reader.ReadAllAsync(lifetime.Token))
            {
                await context.Response.WriteAsync(line, lifetime.Token);
                await context.Response.Body.FlushAsync(lifetime.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // timeoutSeconds elapsed or the client went away: the stream simply ends.
        }
        finally
        {
            lock (gate)
            {
                watches.Remove(watch);
            }
        }
    }

    private async Task CreateAsync(HttpContext context, Store store, Route route)
    {
        var node = await ReadBodyAsync(context);
        var metadata = Metadata(node);
        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name))
        {
            await WriteStatusAsync(context, 422, "Invalid", "metadata.name: Required value");
            return;
        }

        if (store.Resource.Namespaced)
        {
            metadata["namespace"] = route.Namespace;
        }

        var key = Key(route.Namespace, name);
        lock (gate)
        {
            if (!store.Objects.ContainsKey(key))
            {
                metadata["uid"] = Guid.NewGuid().ToString();
                metadata["creationTimestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                node["apiVersion"] = store.Resource.ApiVersion;
                node["kind"] = store.Resource.Kind;
                if (context.Request.Query["dryRun"] != "All")
                {
                    Commit(store, key, node, "ADDED");
                }

                key = null!;
            }
        }

        if (key is not null)
        {
            await WriteStatusAsync(context, 409, "AlreadyExists", $"{store.Resource.Plural}.{store.Resource.Group} \"{name}\" already exists");
            return;
        }

        await WriteJsonAsync(context, 201, node);
    }

    private async Task UpdateAsync(HttpContext context, Store store, Route route)
    {
        var body = await ReadBodyAsync(context);
        var key = Key(route.Namespace, route.Name!);
        string? failure = null;
        JsonObject? stored = null;
        lock (gate)
        {
            if (!store.Objects.TryGetValue(key, out var current))
            {
                failure = "NotFound";
            }
            else if (Metadata(body)["resourceVersion"]?.GetValue<string>() is { Length: > 0 } expected
                     && expected != Metadata(current)["resourceVersion"]!.GetValue<string>())
            {
                failure = "Conflict";
            }
            else
            {
                // The status subresource changes only .status; the main resource keeps the stored status.
                stored = route.Subresource == "status" ? (JsonObject)current.DeepClone() : body;
                stored["status"] = (route.Subresource == "status" ? body["status"] : current["status"])?.DeepClone();
                if (route.Subresource != "status")
                {
                    Metadata(stored)["uid"] = Metadata(current)["uid"]!.DeepClone();
                    Metadata(stored)["creationTimestamp"] = Metadata(current)["creationTimestamp"]?.DeepClone();
                    Metadata(stored)["namespace"] = route.Namespace;
                }

                Commit(store, key, stored, "MODIFIED");
            }
        }

        await (failure switch
        {
            "NotFound" => WriteStatusAsync(context, 404, "NotFound", $"{store.Resource.Plural} \"{route.Name}\" not found"),
            "Conflict" => WriteStatusAsync(context, 409, "Conflict", $"Operation cannot be fulfilled on {store.Resource.Plural} \"{route.Name}\": the object has been modified; please apply your changes to the latest version and try again"),
            _ => WriteJsonAsync(context, 200, stored!),
        });
    }

    private async Task MergePatchAsync(HttpContext context, Store store, Route route)
    {
        if (context.Request.ContentType?.StartsWith("application/merge-patch+json", StringComparison.Ordinal) != true)
        {
            await WriteStatusAsync(context, 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/merge-patch+json");
            return;
        }

        var patch = await ReadBodyAsync(context);
        await WithObjectAsync(context, store, route, (key, current) =>
        {
            JsonObject patched;
            lock (gate)
            {
                patched = (JsonObject)current.DeepClone();
                Merge(patched, patch);
                Commit(store, key, patched, "MODIFIED");
            }

            return WriteJsonAsync(context, 200, patched);
        });
    }

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject child && target[name] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }

    private async Task WithObjectAsync(HttpContext context, Store store, Route route, Func<string, JsonObject, Task> action)
    {
        var key = Key(route.Namespace, route.Name!);
        JsonObject? node;
        lock (gate)
        {
            node = store.Objects.GetValueOrDefault(key);
        }

        if (node is null)
        {
            await WriteStatusAsync(context, 404, "NotFound", $"{store.Resource.Plural}.{store.Resource.Group} \"{route.Name}\" not found");
            return;
        }

        await action(key, node);
    }

    /// <summary>Records a change under the gate: new resourceVersion, store, history, and every matching watch.</summary>
    private void Commit(Store store, string key, JsonObject node, string type)
    {
        var version = ++resourceVersion;
        Metadata(node)["resourceVersion"] = version.ToString(CultureInfo.InvariantCulture);
        if (type == "DELETED")
        {
            store.Objects.Remove(key);
        }
        else
        {
            store.Objects[key] = node;
        }

        var snapshot = (JsonObject)node.DeepClone();
        history.Add(new HistoryEntry(version, store, type, snapshot));
        foreach (var watch in watches.Where(w => w.Matches(store, snapshot)))
        {
            watch.Events.Writer.TryWrite(EventLine(type, snapshot));
        }
    }

    private IEnumerable<KeyValuePair<string, JsonObject>> Matching(Store store, string? @namespace, string? selector) =>
        store.Objects.Where(p => Watch.InScope(p.Value, @namespace) && LabelSelector.Matches(selector, p.Value));

    private string BookmarkLine(Store store) => EventLine("BOOKMARK", new JsonObject
    {
        ["apiVersion"] = store.Resource.ApiVersion,
        ["kind"] = store.Resource.Kind,
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
    });

    private static string EventLine(string type, JsonObject node) =>
        new JsonObject { ["type"] = type, ["object"] = node.DeepClone() }.ToJsonString() + "\n";

    private static JsonObject StatusNode(int code, string? reason, string message, bool success) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = success ? "Success" : "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    private static Task WriteStatusAsync(HttpContext context, int code, string? reason, string message, bool success = false) =>
        WriteJsonAsync(context, code, StatusNode(code, reason, message, success));

    private static async Task WriteJsonAsync(HttpContext context, int code, JsonObject node)
    {
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(node.ToJsonString());
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context) =>
        (await JsonNode.ParseAsync(context.Request.Body))?.AsObject() ?? new JsonObject();

    private static JsonObject Metadata(JsonObject node) => node["metadata"] as JsonObject ?? (JsonObject)(node["metadata"] = new JsonObject());

    private static string Key(string? @namespace, string name) => string.IsNullOrEmpty(@namespace) ? name : $"{@namespace}/{name}";

    private static string StoreKey(string group, string version, string plural) => $"{group}/{version}/{plural}";

    private Store StoreOf(ResourceDescriptor resource) => stores[StoreKey(resource.Group, resource.Version, resource.Plural)];

    private static TaskCompletionSource CompletedSignal()
    {
        var signal = new TaskCompletionSource();
        signal.SetResult();
        return signal;
    }

    /// <summary>One request as the server saw it.</summary>
    public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType);

    private sealed record Store(ResourceDescriptor Resource)
    {
        public Dictionary<string, JsonObject> Objects { get; } = new(StringComparer.Ordinal);
    }

    private sealed record HistoryEntry(long ResourceVersion, Store Store, string Type, JsonObject Object);

    private sealed class Watch(HttpContext context, Store store, string? @namespace, string? selector, bool bookmarks)
    {
        public HttpContext Context { get; } = context;

        public Store Store { get; } = store;

        public bool Bookmarks { get; } = bookmarks;

        public Channel<string> Events { get; } = Channel.CreateUnbounded<string>();

        public bool Matches(Store other, JsonObject node) =>
            ReferenceEquals(other, Store) && InScope(node, @namespace) && LabelSelector.Matches(selector, node);

        public static bool InScope(JsonObject node, string? @namespace) =>
            @namespace is null || (node["metadata"]?["namespace"]?.GetValue<string>() == @namespace);
    }

    /// <summary>The URL of a resource request: <c>/api/v1/...</c> or <c>/apis/group/version/...</c>.</summary>
    private sealed record Route(string Group, string Version, string? Namespace, string Plural, string? Name, string? Subresource)
    {
        public static Route? Parse(string path)
        {
            var segments = path.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
            int next;
            string group, version;
            if (segments is ["api", var v, ..])
            {
                (group, version, next) = ("", v, 2);
            }
            else if (segments is ["apis", var g, var v2, ..])
            {
                (group, version, next) = (g, v2, 3);
            }
            else
            {
                return null;
            }

            var rest = segments[next..];
            string? ns = null;
            if (rest is ["namespaces", var n, _, ..])
            {
                ns = n;
                rest = rest[2..];
            }

            return rest switch
            {
                [var plural] => new Route(group, version, ns, plural, null, null),
                [var plural, var name] => new Route(group, version, ns, plural, name, null),
                [var plural, var name, var sub] => new Route(group, version, ns, plural, name, sub),
                _ => null,
            };
        }
    }

    /// <summary>Equality-based label selectors: <c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, comma meaning AND.</summary>
    private static class LabelSelector
    {
        public static bool Matches(string? selector, JsonObject node)
        {
            if (string.IsNullOrEmpty(selector))
            {
                return true;
            }

            var labels = node["metadata"]?["labels"] as JsonObject;
            foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var negate = term.Contains("!=", StringComparison.Ordinal);
                var parts = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
                var actual = labels?[parts[0]]?.GetValue<string>();
                if ((actual == parts[1]) == negate)
                {
                    return false;
                }
            }

            return true;
        }
    }
}
