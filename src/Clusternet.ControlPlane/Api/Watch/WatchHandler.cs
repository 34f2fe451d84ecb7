using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api.Watch;

/// <summary>
/// <c>?watch=true</c>: a chunked stream of newline-delimited <c>{"type","object"}</c> events, one flush per event.
/// Headers go out at once (kubectl wait hangs otherwise). resourceVersion "" or "0" first replays the current
/// state as ADDED; a resourceVersion older than storage's history gives a 410 Status as an ERROR event (HTTP 200),
/// which informers answer by re-listing. Selectors filter events, and an object that stops matching is
/// reported DELETED, one that starts matching ADDED.
/// </summary>
internal sealed class WatchHandler(ApiServices services)
{
    // Storage hands every watcher the same snapshot of a change, so the JSON line of an event is written once
    // and shared by all the watchers that send it as is (no Table, stored apiVersion): with a thousand watchers
    // an event costs one serialization, not a thousand. Keyed weakly by the snapshot; one table per server.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<JsonObject, SharedLines> lines = new();

    public async Task HandleAsync(ResourceRequest request)
    {
        var selection = ReadHandler.Select(request);
        var bookmarks = request.Query("allowWatchBookmarks") is "true" or "1";
        var negotiated = ResponseNegotiation.ForObjects(request.Context.Request.Headers.Accept);
        TimeSpan? timeout = long.TryParse(request.Query("timeoutSeconds"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
        var fromText = request.Query("resourceVersion");
        long? from = null;
        if (!string.IsNullOrEmpty(fromText) && fromText != "0")
        {
            from = long.TryParse(fromText, NumberStyles.None, CultureInfo.InvariantCulture, out var rv)
                ? rv
                : throw ResourceErrors.BadRequest($"invalid resource version \"{fromText}\"");
        }

        var response = request.Context.Response;
        response.StatusCode = 200;
        response.ContentType = negotiated.TableVersion is null ? ResponseNegotiation.Json : negotiated.ContentType;
        await response.StartAsync(request.Aborted).ConfigureAwait(false);
        await response.Body.FlushAsync(request.Aborted).ConfigureAwait(false);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(request.Aborted, services.Settings.ServerStopping);
        var started = services.Time.GetTimestamp();
        if (timeout is { } t)
        {
            stop.CancelAfter(t);
        }

        var writer = new EventWriter(request, services, negotiated.TableVersion, lines);
        try
        {
            await StreamAsync(request, writer, selection, from, bookmarks, timeout, started, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // timeoutSeconds elapsed, the client went away, or the server is stopping: the stream just ends
        }
        catch (StorageExpiredException e)
        {
            await writer.WriteErrorAsync(ResourceErrors.Expired(e.Message).Status, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task StreamAsync(ResourceRequest request, EventWriter writer, Selection selection, long? from, bool bookmarks, TimeSpan? timeout, long started, CancellationToken cancellationToken)
    {
        var last = from ?? 0;
        if (from is null)
        {
            var state = await services.Store.ListAsync(request.StorageResource, request.Namespace, new ListRequest { Predicate = selection.Predicate, Name = selection.Name }, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < state.Items.Count; i++)
            {
                await writer.WriteAsync("ADDED", state.Elements?[i], () => state.Items[i], cancellationToken).ConfigureAwait(false);
            }

            last = state.ResourceVersion;
        }

        // Bookmarks come every interval and once just before timeoutSeconds ends the stream (a second before it, or halfway
        // through a short one), so a client resumes near the end. Time counts from when the timeout was armed (started),
        // so an initial list or a busy machine does not push the last bookmark past the end; none is due after it.
        var interval = services.Settings.BookmarkInterval;
        TimeSpan? lastDue = timeout is { } t ? (t > TimeSpan.FromSeconds(2) ? t - TimeSpan.FromSeconds(1) : t / 2) : null;
        var lastScheduled = false;
        Task NextTick()
        {
            var delay = interval;
            if (lastDue is { } due)
            {
                if (lastScheduled)
                {
                    return Task.Delay(Timeout.InfiniteTimeSpan, services.Time, cancellationToken);
                }

                var untilLast = due - services.Time.GetElapsedTime(started);
                if (untilLast <= interval)
                {
                    // This is the last one; when the stream began late it goes out at once.
                    lastScheduled = true;
                    delay = untilLast > TimeSpan.Zero ? untilLast : TimeSpan.Zero;
                }
            }

            return Task.Delay(delay, services.Time, cancellationToken);
        }

        await using var events = services.Store.WatchAsync(request.StorageResource, request.Namespace, last, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            Task? tick = null;
            while (true)
            {
                if (bookmarks)
                {
                    tick ??= NextTick();
                    if (await Task.WhenAny(next, tick).ConfigureAwait(false) == tick)
                    {
                        await tick.ConfigureAwait(false);
                        tick = null;
                        last = Math.Max(last, services.Store.CurrentResourceVersion);
                        await writer.WriteBookmarkAsync(last, cancellationToken).ConfigureAwait(false);
                        continue;
                    }
                }

                if (!await next.ConfigureAwait(false))
                {
                    return;
                }

                var change = events.Current;
                last = change.ResourceVersion;
                // A watch of one name (an agent's own request, a kubectl get -w NAME) passes over other objects' events
                // by their key, so a thousand such watchers do not parse every event of the resource.
                if (selection.MayMatch(change.Key) && Translate(change, selection.Predicate) is { } type)
                {
                    await writer.WriteAsync(type, change.Element, () => change.Object, cancellationToken).ConfigureAwait(false);
                }

                next = events.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // The enumerator may only be disposed once its pending MoveNextAsync has finished (cancelled by the token).
            await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    /// <summary>The event a selective watcher sees: an object moving in or out of the selection is added or deleted for it.</summary>
    private static string? Translate(StoreEvent change, Func<JsonObject, bool>? predicate)
    {
        if (predicate is null)
        {
            // No selector: the event is what storage says, and nobody needs to parse the object.
            return change.Type switch
            {
                StoreEventType.Added => "ADDED",
                StoreEventType.Deleted => "DELETED",
                _ => "MODIFIED",
            };
        }

        switch (change.Type)
        {
            case StoreEventType.Added:
                return predicate(change.Object) ? "ADDED" : null;
            case StoreEventType.Deleted:
                return predicate(change.PreviousObject ?? change.Object) ? "DELETED" : null;
            default:
                var now = predicate(change.Object);
                var before = change.PreviousObject is { } previous && predicate(previous);
                return (before, now) switch
                {
                    (true, true) => "MODIFIED",
                    (false, true) => "ADDED",
                    (true, false) => "DELETED",
                    _ => null,
                };
        }
    }

    /// <summary>The serialized event lines of one snapshot, by event type (an object can be ADDED for one watcher and MODIFIED for another).</summary>
    private sealed class SharedLines
    {
        private readonly Dictionary<string, byte[]> byType = new(StringComparer.Ordinal);

        public byte[] Get(string type, JsonObject obj)
        {
            lock (byType)
            {
                if (!byType.TryGetValue(type, out var line))
                {
                    line = EventWriter.Serialize(type, obj);
                    byType[type] = line;
                }

                return line;
            }
        }
    }

    private sealed class EventWriter(ResourceRequest request, ApiServices services, string? tableVersion, System.Runtime.CompilerServices.ConditionalWeakTable<JsonObject, SharedLines> shared)
    {
        /// <summary>
        /// Writes an event of a stored object: its stored bytes go out as they are when this request serves
        /// them unchanged (plain JSON, same apiVersion), else the parsed tree is rendered.
        /// </summary>
        public Task WriteAsync(string type, StoreElement? element, Func<JsonObject> parsed, CancellationToken cancellationToken)
        {
            if (tableVersion is null && element is not null && request.ServesAsStored(element))
            {
                var body = request.Context.Response.BodyWriter;
                body.Write(type switch
                {
                    "ADDED" => "{\"type\":\"ADDED\",\"object\":"u8,
                    "MODIFIED" => "{\"type\":\"MODIFIED\",\"object\":"u8,
                    _ => "{\"type\":\"DELETED\",\"object\":"u8,
                });
                body.Write(element.Json);
                body.Write("}\n"u8);
                return FlushAsync(body, cancellationToken);
            }

            return WriteAsync(type, parsed(), cancellationToken);
        }

        public Task WriteAsync(string type, JsonObject obj, CancellationToken cancellationToken)
        {
            JsonNode body = request.ForResponse(obj);
            if (tableVersion is null && ReferenceEquals(body, obj))
            {
                return WriteLineAsync(shared.GetOrCreateValue(obj).Get(type, obj), cancellationToken);
            }

            if (tableVersion is not null)
            {
                body = services.Tables.Render(request.Resource, [(JsonObject)body], ReadHandler.IncludeObject(request), tableVersion);
            }

            return WriteRawAsync(type, body, cancellationToken);
        }

        public Task WriteBookmarkAsync(long resourceVersion, CancellationToken cancellationToken) =>
            WriteRawAsync(
                "BOOKMARK",
                new JsonObject
                {
                    ["kind"] = request.Resource.Kind,
                    ["apiVersion"] = request.Resource.GroupVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
                },
                cancellationToken);

        public Task WriteErrorAsync(k8s.Models.V1Status status, CancellationToken cancellationToken) =>
            WriteRawAsync("ERROR", StatusWriter.ToJson(status), cancellationToken);

        /// <summary>One newline-terminated <c>{"type","object"}</c> line.</summary>
        public static byte[] Serialize(string type, JsonNode obj)
        {
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ObjectResponse.Options.Encoder }))
            {
                json.WriteStartObject();
                json.WriteString("type", type);
                json.WritePropertyName("object");
                obj.WriteTo(json);
                json.WriteEndObject();
            }

            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }

        private Task WriteRawAsync(string type, JsonNode obj, CancellationToken cancellationToken)
            => WriteLineAsync(Serialize(type, obj), cancellationToken);

        private Task WriteLineAsync(byte[] line, CancellationToken cancellationToken)
        {
            var body = request.Context.Response.BodyWriter;
            body.Write(line);
            return FlushAsync(body, cancellationToken);
        }

        private static async Task FlushAsync(System.IO.Pipelines.PipeWriter body, CancellationToken cancellationToken) =>
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
