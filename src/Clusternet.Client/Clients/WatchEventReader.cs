using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>
/// Reads a watch response body: one JSON object <c>{"type": "...", "object": {...}}</c> per line, parsed as
/// soon as its newline arrives, so an event is seen when the server flushes it rather than when the
/// response ends (which, for a watch, may be never).
/// </summary>
internal static class WatchEventReader
{
    private const int InitialBufferSize = 16 * 1024;

    /// <summary>Yields the events of <paramref name="stream"/> until it ends.</summary>
    /// <exception cref="KubernetesApiException">The server sent an ERROR event (410 gives <see cref="ExpiredException"/>).</exception>
    /// <exception cref="IOException">The stream ended in the middle of an event.</exception>
    public static async IAsyncEnumerable<WatchEvent<T>> ReadAsync<T>(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        var start = 0;   // first byte of the pending line
        var scanned = 0; // bytes of the pending line already searched for a newline
        var end = 0;     // end of the bytes read so far
        try
        {
            while (true)
            {
                int newline;
                while ((newline = buffer.AsSpan(start + scanned, end - start - scanned).IndexOf((byte)'\n')) >= 0)
                {
                    var lineLength = scanned + newline;
                    var parsed = Parse<T>(buffer.AsSpan(start, lineLength));
                    start += lineLength + 1;
                    scanned = 0;
                    if (parsed is not null)
                    {
                        yield return parsed;
                    }
                }

                scanned = end - start;
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }

                if (end == buffer.Length)
                {
                    // One event larger than the buffer (a big object): grow rather than fail.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, larger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    var last = buffer.AsSpan(start, end - start);
                    if (!last.Trim("\r\n\t "u8).IsEmpty)
                    {
                        // The server always ends an event with a newline; a tail without one is a cut connection.
                        throw new IOException("The watch stream ended in the middle of an event.");
                    }

                    yield break;
                }

                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Parses one line; null for a blank line.</summary>
    internal static WatchEvent<T>? Parse<T>(ReadOnlySpan<byte> line)
    {
        if (line.Trim("\r\n\t "u8).IsEmpty)
        {
            return null;
        }

        var reader = new Utf8JsonReader(line);
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        if (!root.TryGetProperty("type", out var typeElement) || !root.TryGetProperty("object", out var objectElement))
        {
            throw new JsonException("A watch event lacks \"type\" or \"object\".");
        }

        var type = typeElement.GetString() switch
        {
            "ADDED" => WatchEventType.Added,
            "MODIFIED" => WatchEventType.Modified,
            "DELETED" => WatchEventType.Deleted,
            "BOOKMARK" => WatchEventType.Bookmark,
            "ERROR" => WatchEventType.Error,
            var other => throw new JsonException($"Unknown watch event type \"{other}\"."),
        };

        if (type == WatchEventType.Error)
        {
            // The response itself was 200; the Status's code says what went wrong (410 when the RV is too old).
            var status = KubernetesJson.Deserialize<V1Status>(objectElement);
            var code = status.Code is int c and > 0 ? (HttpStatusCode)c : HttpStatusCode.InternalServerError;
            throw StatusErrorMapper.Map(code, status);
        }

        return new WatchEvent<T>(type, KubernetesJson.Deserialize<T>(objectElement));
    }
}
