using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Clusternet.Clients;

public sealed partial class ResourceClient<T, TList>
{
    /// <inheritdoc />
    /// <remarks>
    /// Sends <c>GET &lt;collection&gt;?watch=true</c> with the options as query parameters and parses events as
    /// their lines arrive. KubernetesClient's <c>HttpClientTimeout</c> bounds only the wait for the response
    /// headers; the body streams until the server ends it, the connection drops or
    /// <paramref name="cancellationToken"/> fires. An ERROR event is thrown as its mapped exception.
    /// </remarks>
    public async IAsyncEnumerable<WatchEvent<T>> WatchStreamAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Descriptor.CollectionPath(Namespace) + new QueryString().AddWatch(options);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (pipeline.Timeout > TimeSpan.Zero && pipeline.Timeout != Timeout.InfiniteTimeSpan)
        {
            call.CancelAfter(pipeline.Timeout);
        }

        using var request = pipeline.CreateRequest(HttpMethod.Get, path);
        HttpResponseMessage response;
        try
        {
            response = await pipeline.SendAsync(request, call.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (call.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The watch of {Descriptor.Plural} got no response headers within {pipeline.Timeout}.");
        }

        // Headers are in: from now on only the caller (or the server) ends the stream.
        call.CancelAfter(Timeout.InfiniteTimeSpan);
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await StatusErrorMapper.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
            }

            var stream = await response.Content.ReadAsStreamAsync(call.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                await foreach (var watchEvent in WatchEventReader.ReadAsync<T>(stream, call.Token).ConfigureAwait(false))
                {
                    yield return watchEvent;
                }
            }
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>Exact semantics:</para>
    /// <list type="number">
    /// <item>Without <see cref="WatchOptions.ResourceVersion"/> (null or empty) and without
    /// <see cref="WatchOptions.SendInitialEvents"/>, it first lists every page (with the options' selectors),
    /// yields ADDED for every item, and watches from the list's resourceVersion. With a resourceVersion
    /// (including <c>"0"</c>, where the server itself sends the current state as ADDED events) it watches from
    /// there at once.</item>
    /// <item>It remembers the resourceVersion of every event, BOOKMARK included; BOOKMARK events are consumed and
    /// never yielded. It also remembers, for each object it has yielded and not seen deleted, only its key
    /// (namespace/name), uid and resourceVersion, never the object.</item>
    /// <item>When the server ends the stream (its timeout, <see cref="WatchOptions.TimeoutSeconds"/>) it reopens
    /// from the remembered resourceVersion at once. When the connection fails (<see cref="IOException"/>,
    /// <see cref="HttpRequestException"/>, a header timeout or a resilience attempt timeout, 429/500/503/504, an open circuit breaker) it
    /// reopens after a jittered exponential backoff (200 ms doubling to 30 s, honouring a 429's Retry-After),
    /// reset by the next stream that delivers events.</item>
    /// <item>When the server answers 410 Expired (HTTP 410 or an ERROR event), the events in between are lost to
    /// it, so it lists again and yields the difference from what it had yielded: ADDED for new keys, MODIFIED for
    /// keys whose resourceVersion changed (ADDED after a DELETED when the uid changed: the object was recreated),
    /// then DELETED for keys that vanished. A DELETED from a re-list carries a tombstone, a new
    /// <typeparamref name="T"/> whose metadata has only name, namespace and uid, since the last state is unknown.
    /// It then watches from the list's resourceVersion.</item>
    /// <item>Other errors (403, 404, …) end the enumeration with their exception. Cancelling
    /// <paramref name="cancellationToken"/> ends it promptly with <see cref="OperationCanceledException"/>.</item>
    /// </list>
    /// <para>With <see cref="WatchOptions.SendInitialEvents"/> only the first request asks for initial events;
    /// reopened watches ask for changes only.</para>
    /// </remarks>
    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        options ??= new WatchOptions();
        var yielded = new Dictionary<string, SeenObject>(StringComparer.Ordinal);
        var resourceVersion = options.ResourceVersion;
        var relist = string.IsNullOrEmpty(resourceVersion) && options.SendInitialEvents != true;
        var sendInitialEvents = options.SendInitialEvents;
        var backoff = new WatchBackoff();

        while (true)
        {
            if (relist)
            {
                var (changes, listVersion) = await RelistAsync(options, yielded, backoff, cancellationToken).ConfigureAwait(false);
                foreach (var change in changes)
                {
                    yield return change;
                }

                resourceVersion = listVersion;
                relist = false;
            }

            var streamOptions = options with { ResourceVersion = resourceVersion, SendInitialEvents = sendInitialEvents };
            sendInitialEvents = null;
            var opened = timeProvider.GetTimestamp();
            var delivered = false;
            Exception? failure = null;
            var events = WatchStreamAsync(streamOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using (events.ConfigureAwait(false))
            {
                while (true)
                {
                    WatchEvent<T> next;
                    try
                    {
                        if (!await events.MoveNextAsync().ConfigureAwait(false))
                        {
                            break;
                        }

                        next = events.Current;
                    }
                    catch (ExpiredException ex)
                    {
                        WatchLog.Expired(logger, Descriptor.Plural, resourceVersion, ex.Message);
                        relist = true;
                        break;
                    }
                    catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
                    {
                        failure = ex;
                        break;
                    }

                    delivered = true;
                    if (next.Object?.Metadata?.ResourceVersion is { Length: > 0 } version)
                    {
                        resourceVersion = version;
                    }

                    if (next.Type == WatchEventType.Bookmark)
                    {
                        continue;
                    }

                    Remember(yielded, next);
                    yield return next;
                }
            }

            if (relist)
            {
                continue;
            }

            // A stream that delivered something, or lived a while, ended normally: reopen at once. One that ended
            // at once with nothing is treated like a failure, so a misbehaving server is not hammered.
            if (failure is null && (delivered || timeProvider.GetElapsedTime(opened) >= HealthyStreamDuration))
            {
                backoff.Reset();
                WatchLog.Reopening(logger, Descriptor.Plural, resourceVersion, TimeSpan.Zero, "the server ended the stream");
                continue;
            }

            if (delivered)
            {
                backoff.Reset();
            }

            var delay = backoff.Next((failure as TooManyRequestsException)?.RetryAfter);
            WatchLog.Reopening(logger, Descriptor.Plural, resourceVersion, delay, failure?.Message ?? "the stream ended at once");
            await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How long a stream must have lived for its normal end to count as healthy.</summary>
    private static readonly TimeSpan HealthyStreamDuration = TimeSpan.FromSeconds(1);

    private static bool IsTransient(Exception ex) => ex is IOException or HttpRequestException or TimeoutException
        or TooManyRequestsException or ServiceUnavailableException or ServerTimeoutException or InternalErrorException
        or BrokenCircuitException or TimeoutRejectedException;

    private static string KeyOf(V1ObjectMeta? metadata) =>
        string.IsNullOrEmpty(metadata?.NamespaceProperty) ? metadata?.Name ?? "" : $"{metadata.NamespaceProperty}/{metadata.Name}";

    private static void Remember(Dictionary<string, SeenObject> yielded, WatchEvent<T> watchEvent)
    {
        var metadata = watchEvent.Object?.Metadata;
        var key = KeyOf(metadata);
        if (watchEvent.Type == WatchEventType.Deleted)
        {
            yielded.Remove(key);
        }
        else
        {
            yielded[key] = new SeenObject(metadata?.NamespaceProperty, metadata?.Name ?? "", metadata?.Uid, metadata?.ResourceVersion);
        }
    }

    /// <summary>
    /// Lists every page and turns the difference from <paramref name="yielded"/> into events. Nothing is yielded
    /// before the whole list is in, so a continue token that expires half-way simply restarts the list.
    /// </summary>
    private async Task<(List<WatchEvent<T>> Changes, string? ResourceVersion)> RelistAsync(
        WatchOptions options, Dictionary<string, SeenObject> yielded, WatchBackoff backoff, CancellationToken cancellationToken)
    {
        while (true)
        {
            List<T> items = [];
            string? listVersion = null;
            try
            {
                var page = new ListOptions { LabelSelector = options.LabelSelector, FieldSelector = options.FieldSelector, Limit = DefaultPageSize };
                while (true)
                {
                    var list = await ListAsync(page, cancellationToken).ConfigureAwait(false);
                    listVersion ??= list.Metadata?.ResourceVersion;
                    items.AddRange(list.Items ?? []);
                    if (string.IsNullOrEmpty(list.Metadata?.ContinueProperty))
                    {
                        break;
                    }

                    page = page with { Continue = list.Metadata.ContinueProperty };
                }
            }
            catch (ExpiredException ex)
            {
                WatchLog.Expired(logger, Descriptor.Plural, listVersion, ex.Message);
                continue;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                var delay = backoff.Next((ex as TooManyRequestsException)?.RetryAfter);
                WatchLog.RelistFailed(logger, Descriptor.Plural, delay, ex.Message);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            WatchLog.Relisted(logger, Descriptor.Plural, items.Count, listVersion);
            return (Difference(items, yielded), listVersion);
        }
    }

    private List<WatchEvent<T>> Difference(List<T> items, Dictionary<string, SeenObject> yielded)
    {
        var changes = new List<WatchEvent<T>>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var metadata = item.Metadata;
            var key = KeyOf(metadata);
            present.Add(key);
            if (!yielded.TryGetValue(key, out var seen))
            {
                changes.Add(new WatchEvent<T>(WatchEventType.Added, item));
            }
            else if (seen.Uid is not null && metadata?.Uid is not null && seen.Uid != metadata.Uid)
            {
                changes.Add(new WatchEvent<T>(WatchEventType.Deleted, Tombstone(seen)));
                changes.Add(new WatchEvent<T>(WatchEventType.Added, item));
            }
            else if (seen.ResourceVersion != metadata?.ResourceVersion)
            {
                changes.Add(new WatchEvent<T>(WatchEventType.Modified, item));
            }

            yielded[key] = new SeenObject(metadata?.NamespaceProperty, metadata?.Name ?? "", metadata?.Uid, metadata?.ResourceVersion);
        }

        foreach (var (key, seen) in yielded.Where(p => !present.Contains(p.Key)).ToList())
        {
            changes.Add(new WatchEvent<T>(WatchEventType.Deleted, Tombstone(seen)));
            yielded.Remove(key);
        }

        return changes;
    }

    private T Tombstone(SeenObject seen)
    {
        var tombstone = Activator.CreateInstance<T>();
        tombstone.ApiVersion = Descriptor.ApiVersion;
        tombstone.Kind = Descriptor.Kind;
        tombstone.Metadata = new V1ObjectMeta { Name = seen.Name, NamespaceProperty = seen.Namespace, Uid = seen.Uid };
        return tombstone;
    }

    /// <summary>What the resuming watch keeps of an object it has yielded.</summary>
    private sealed record SeenObject(string? Namespace, string Name, string? Uid, string? ResourceVersion);
}
