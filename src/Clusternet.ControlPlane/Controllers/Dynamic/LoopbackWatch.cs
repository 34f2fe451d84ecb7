using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Clusternet.ControlPlane.Controllers.Dynamic;

/// <summary>
/// A watch of one resource across all namespaces for the in-process controllers, sent through the loopback
/// KubernetesClient's own <see cref="HttpClient"/> and credentials but read leanly: each event line is parsed from its
/// UTF-8 bytes straight into a <see cref="JsonObject"/>. KubernetesClient's generic watch instead decodes every line
/// into a string, deserializes it into a <see cref="JsonElement"/>, and the controllers then had to write that out and
/// parse it again; the collector and the service-account controllers see every write, so that was a sizeable share
/// of the control plane's work under a burst of writes.
/// </summary>
internal static class LoopbackWatch
{
    /// <summary>Yields the events from <paramref name="resourceVersion"/> on (bookmarks included) until the server ends the watch.</summary>
    /// <exception cref="HttpRequestException">The server refused the watch.</exception>
    /// <exception cref="IOException">The stream ended in the middle of an event.</exception>
    /// <exception cref="JsonException">A line was not a watch event.</exception>
    public static async IAsyncEnumerable<(WatchEventType Type, JsonObject Object)> WatchAsync(
        Kubernetes client,
        ApiResource resource,
        string resourceVersion,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = (resource.Group.Length == 0 ? "api/" : "apis/" + resource.Group + "/") + resource.Version + "/" + resource.Resource
            + "?watch=true&allowWatchBookmarks=true&timeoutSeconds=60&resourceVersion=" + Uri.EscapeDataString(resourceVersion);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(client.BaseUri, path)) { Version = HttpVersion.Version20 };
        if (client.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        using var response = await client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The watch of {resource} was refused with {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, out var watchEvent))
                {
                    if (watchEvent is { } parsed)
                    {
                        yield return parsed;
                    }
                }

                if (result.IsCompleted)
                {
                    if (!IsBlank(buffer))
                    {
                        throw new IOException($"The watch of {resource} ended in the middle of an event.");
                    }

                    yield break;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next whole line off <paramref name="buffer"/>; its event is null for a blank line.</summary>
    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out (WatchEventType Type, JsonObject Object)? watchEvent)
    {
        watchEvent = null;
        if (buffer.PositionOf((byte)'\n') is not { } newline)
        {
            return false;
        }

        var line = buffer.Slice(0, newline);
        buffer = buffer.Slice(buffer.GetPosition(1, newline));
        if (IsBlank(line))
        {
            return true;
        }

        var reader = new Utf8JsonReader(line);
        var root = JsonNode.Parse(ref reader) as JsonObject ?? throw new JsonException("A watch event is not a JSON object.");
        var type = root["type"]?.GetValue<string>() ?? throw new JsonException("A watch event has no type.");
        var obj = root["object"] as JsonObject ?? throw new JsonException("A watch event has no object.");
        root.Remove("object");
        if (!Enum.TryParse<WatchEventType>(type, ignoreCase: true, out var parsed))
        {
            throw new JsonException($"Unknown watch event type '{type}'.");
        }

        watchEvent = (parsed, obj);
        return true;
    }

    private static bool IsBlank(ReadOnlySequence<byte> bytes)
    {
        foreach (var segment in bytes)
        {
            if (!segment.Span.Trim("\r\n\t "u8).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }
}
