using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using k8s;

namespace Clusternet.ControlPlane.Controllers.Dynamic;

/// <summary>
/// List-then-watch of one resource across all namespaces, as a client-go reflector does: the list is handed over as a
/// full state, then each watch event; when the watch fails or its resourceVersion expires (an ERROR event) the
/// resource is listed again, so a consumer that replaces its state on every list never drifts.
/// </summary>
internal static class ResourceWatch
{
    /// <summary>
    /// The level-triggered form most controllers need: <paramref name="present"/> sees every object of every list and
    /// every added or modified object (deletions are not reported).
    /// </summary>
    public static Task ForEachPresentAsync(Kubernetes client, ApiResource resource, Action<JsonObject> present, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(
            client,
            resource,
            items =>
            {
                foreach (var item in items)
                {
                    present(item);
                }

                return ValueTask.CompletedTask;
            },
            (type, obj) =>
            {
                if (type != WatchEventType.Deleted)
                {
                    present(obj);
                }

                return ValueTask.CompletedTask;
            },
            time,
            cancellationToken);

    public static async Task RunAsync(
        Kubernetes client,
        ApiResource resource,
        Func<IReadOnlyList<JsonObject>, ValueTask> onList,
        Func<WatchEventType, JsonObject, ValueTask> onEvent,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var list = await DynamicObjects.ListAsync(client, resource, null, cancellationToken).ConfigureAwait(false);
                var version = JsonFields.String(list, "metadata", "resourceVersion") ?? string.Empty;
                var items = JsonFields.Array(list, "items").OfType<JsonObject>().ToList();
                foreach (var item in items)
                {
                    // list items carry no kind; the consumers need it to name owners
                    item["apiVersion"] ??= resource.ApiVersion;
                    item["kind"] ??= resource.Kind;
                }

                await onList(items).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(200);
                while (!cancellationToken.IsCancellationRequested)
                {
                    var expired = false;
                    await foreach (var (type, obj) in LoopbackWatch.WatchAsync(client, resource, version, cancellationToken).ConfigureAwait(false))
                    {
                        if (type == WatchEventType.Error)
                        {
                            expired = true;
                            break;
                        }

                        version = JsonFields.String(obj, "metadata", "resourceVersion") ?? version;
                        if (type != WatchEventType.Bookmark)
                        {
                            await onEvent(type, obj).ConfigureAwait(false);
                        }
                    }

                    if (expired)
                    {
                        break;
                    }
                }
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // the server refused or the stream broke (a removed CRD, a restart): list again after a pause
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }
}
