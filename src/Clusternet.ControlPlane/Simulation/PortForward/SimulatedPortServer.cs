using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace Clusternet.ControlPlane.Simulation.PortForward;

/// <summary>
/// What answers on a simulated container's declared port when it is port-forwarded to: no process listens, so a small
/// HTTP/1.1 server stands in. Every request gets <c>200 OK</c> with a plain-text line naming the pod, the container, the
/// port and the request (<c>GET /path</c>), so a client can see that the bytes went all the way; connections stay open
/// for more requests until the client closes them or asks to (<c>Connection: close</c>, HTTP/1.0). Anything that is not
/// an HTTP request gets <c>400 Bad Request</c> and the connection ends.
/// </summary>
internal sealed class SimulatedPortServer(string podNamespace, string podName, string container, int port)
{
    private const int MaxHeadBytes = 16 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();

    /// <summary>Serves requests read from <paramref name="input"/> until it ends, writing responses to <paramref name="output"/>.</summary>
    public async Task ServeAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var reader = PipeReader.Create(input, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var (head, ended) = await ReadHeadAsync(reader, cancellationToken).ConfigureAwait(false);
                if (head is null)
                {
                    if (!ended)
                    {
                        await WriteAsync(output, 400, "Bad Request", "malformed or oversized request head\n", close: true, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                var lines = head.Split("\r\n");
                var requestLine = lines[0].Split(' ');
                if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
                {
                    await WriteAsync(output, 400, "Bad Request", "not an HTTP/1.x request\n", close: true, cancellationToken).ConfigureAwait(false);
                    return;
                }

                var headers = lines.Skip(1)
                    .Select(l => l.Split(':', 2))
                    .Where(p => p.Length == 2)
                    .GroupBy(p => p[0].Trim(), StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => g.Last()[1].Trim(), StringComparer.OrdinalIgnoreCase);
                if (headers.TryGetValue("Content-Length", out var lengthText) && long.TryParse(lengthText, out var length) && length > 0)
                {
                    // The body is not used; it is read past so the next request starts where it should.
                    if (!await SkipAsync(reader, length, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                var close = requestLine[2] == "HTTP/1.0"
                    || headers.TryGetValue("Connection", out var connection) && connection.Contains("close", StringComparison.OrdinalIgnoreCase);
                var body = $"pod {podNamespace}/{podName}, container {container}, port {port}: {requestLine[0]} {requestLine[1]}\n";
                await WriteAsync(output, 200, "OK", requestLine[0] == "HEAD" ? null : body, close, cancellationToken).ConfigureAwait(false);
                if (close)
                {
                    return;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private static async Task<(string? Head, bool Ended)> ReadHeadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var position = Find(buffer);
            if (position is { } end)
            {
                var head = Encoding.Latin1.GetString(buffer.Slice(0, end));
                reader.AdvanceTo(buffer.GetPosition(HeadEnd.Length, end));
                return (head, false);
            }

            if (buffer.Length > MaxHeadBytes)
            {
                return (null, false);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                // A client that closes between requests ends the connection; one that closes mid-head sent no request.
                return (null, true);
            }
        }
    }

    private static SequencePosition? Find(ReadOnlySequence<byte> buffer)
    {
        var reader = new SequenceReader<byte>(buffer);
        return reader.TryReadTo(out ReadOnlySequence<byte> _, HeadEnd, advancePastDelimiter: false) ? reader.Position : null;
    }

    private static async Task<bool> SkipAsync(PipeReader reader, long length, CancellationToken cancellationToken)
    {
        while (length > 0)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var take = Math.Min(length, result.Buffer.Length);
            reader.AdvanceTo(result.Buffer.GetPosition(take));
            length -= take;
            if (length > 0 && result.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task WriteAsync(Stream output, int status, string reason, string? body, bool close, CancellationToken cancellationToken)
    {
        var content = Encoding.UTF8.GetBytes(body ?? string.Empty);
        var head = $"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {(body is null ? "0" : content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}\r\n"
            + (close ? "Connection: close\r\n" : string.Empty) + "\r\n";
        var message = new byte[Encoding.ASCII.GetByteCount(head) + content.Length];
        var written = Encoding.ASCII.GetBytes(head, message);
        content.CopyTo(message, written);
        await output.WriteAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
