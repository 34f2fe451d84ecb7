using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The caller's response body for a forwarded answer that is a whole document (a GET, LIST or discovery answer, not a
/// watch, log follow or upgrade): what the backend sends is gathered into pieces of 64 KiB, each written (and so sent)
/// at once, the last by <see cref="CompleteAsync"/> when the forwarder is done. The forwarder writes and flushes every
/// read it gets from the backend connection, typically 2–5 KiB, and each flush on the caller's TLS connection is a TLS
/// record and a send; a 1 MiB LIST cost about 300 of them. Never more than 64 KiB is held, so a large LIST still
/// streams.
/// </summary>
internal sealed class CoalescedResponseBody(Stream inner) : Stream
{
    /// <summary>How much may wait unsent: one TLS write of this size is four full records.</summary>
    public const int Threshold = 64 * 1024;

    private byte[]? buffer;
    private int count;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>
    /// Whether the answer to <paramref name="request"/> described by <paramref name="response"/> is a whole document
    /// that may be sent in larger pieces. Anything that may stream — a watch (<c>?watch</c> or a <c>/watch/</c> path),
    /// a followed log, an upgrade, a content type that is not a Kubernetes API document or says <c>stream=</c> — is
    /// passed on as it arrives.
    /// </summary>
    public static bool Suits(HttpRequest request, HttpResponseMessage response)
    {
        if (!HttpMethods.IsGet(request.Method) || response.StatusCode == System.Net.HttpStatusCode.SwitchingProtocols)
        {
            return false;
        }

        var query = request.Query;
        if (Asks(query["watch"]) || Asks(query["follow"]) || request.Path.Value?.Contains("/watch/", StringComparison.Ordinal) != false)
        {
            return false;
        }

        if (response.Content.Headers.ContentType is not { MediaType: { } mediaType } contentType
            || contentType.Parameters.Any(p => p.Name.Equals("stream", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/yaml", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/vnd.kubernetes.protobuf", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/cbor", StringComparison.OrdinalIgnoreCase);
    }

    public override void Flush()
    {
        // The forwarder flushes after every write; what is held goes out at the threshold or in CompleteAsync.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the response body is written asynchronously");

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (count + data.Length > Threshold && count > 0)
        {
            await SendHeldAsync(cancellationToken).ConfigureAwait(false);
        }

        if (data.Length >= Threshold)
        {
            await inner.WriteAsync(data, cancellationToken).ConfigureAwait(false);
            return;
        }

        buffer ??= ArrayPool<byte>.Shared.Rent(Threshold);
        data.Span.CopyTo(buffer.AsSpan(count));
        count += data.Length;
        if (count == Threshold)
        {
            await SendHeldAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends what is held (when <paramref name="send"/>; not after a failed copy) and gives the buffer back.</summary>
    public async ValueTask CompleteAsync(bool send, CancellationToken cancellationToken)
    {
        try
        {
            if (send && count > 0)
            {
                await SendHeldAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (buffer is { } held)
            {
                buffer = null;
                count = 0;
                ArrayPool<byte>.Shared.Return(held);
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask SendHeldAsync(CancellationToken cancellationToken)
    {
        var held = count;
        count = 0;
        await inner.WriteAsync(buffer.AsMemory(0, held), cancellationToken).ConfigureAwait(false);
    }

    // A watch or follow parameter that is present and not false asks for a stream (the API server's own reading).
    private static bool Asks(StringValues values) =>
        values.Count > 0 && values.Any(v => !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase) && v != "0");
}
