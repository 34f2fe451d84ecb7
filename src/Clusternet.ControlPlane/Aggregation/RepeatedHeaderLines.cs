using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// Sends a header with several values as several header lines. Backends built on k8s.io/apiserver read one group per
/// <c>X-Remote-Group</c> line and do not split on commas, but .NET's HTTP client always joins a header's values into one
/// comma-separated line. So the second and later values go out under stand-in names of exactly the same length
/// (a per-process random prefix and a counter), and <see cref="Rewrite"/> — applied to the plaintext written to a
/// backend connection — restores the real name in place. The rewrite never changes a byte count, so even a body that
/// happened to contain a stand-in could not shift message framing; a head split across writes would only leave a
/// stand-in the backend ignores (an identity with fewer groups, never more).
/// </summary>
internal static class RepeatedHeaderLines
{
    private const int MaxNames = 10_000;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz";

    // "\r\n" + prefix starts every stand-in line.
    private static readonly string Prefix = new([.. RandomNumberGenerator.GetItems<char>(Alphabet, 8)]);
    private static readonly byte[] LineStart = Encoding.ASCII.GetBytes("\r\n" + Prefix);
    private static readonly ConcurrentDictionary<(string Name, int Index), string> StandIns = new();
    private static readonly ConcurrentDictionary<string, byte[]> RealNames = new(StringComparer.Ordinal);
    private static int counter;

    /// <summary>Whether a header name looks like a stand-in; a caller's header of that form is dropped before forwarding.</summary>
    public static bool IsStandIn(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds <paramref name="values"/> as one line each (as far as stand-ins can be had; else joined, as HTTP allows).</summary>
    public static void Add(System.Net.Http.Headers.HttpRequestHeaders headers, string name, IEnumerable<string> values)
    {
        var index = 0;
        foreach (var value in values)
        {
            var line = index == 0 ? name : StandIn(name, index) ?? name;
            headers.TryAddWithoutValidation(line, value);
            index++;
        }
    }

    /// <summary>Restores real header names in a chunk about to be written; returns the chunk itself when there is none.</summary>
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> chunk)
    {
        var span = chunk.Span;
        var at = span.IndexOf(LineStart);
        if (at < 0)
        {
            return chunk;
        }

        var copy = chunk.ToArray();
        while (at >= 0)
        {
            var nameStart = at + 2;
            var colon = copy.AsSpan(nameStart).IndexOf((byte)':');
            if (colon > 0 && RealNames.TryGetValue(Encoding.ASCII.GetString(copy, nameStart, colon), out var real) && real.Length == colon)
            {
                real.CopyTo(copy.AsSpan(nameStart));
            }

            var next = copy.AsSpan(nameStart).IndexOf(LineStart);
            at = next < 0 ? -1 : nameStart + next;
        }

        return copy;
    }

    private static string? StandIn(string name, int index)
    {
        if (StandIns.TryGetValue((name, index), out var known))
        {
            return known;
        }

        if (StandIns.Count >= MaxNames)
        {
            return null;
        }

        var id = Interlocked.Increment(ref counter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Prefix.Length + id.Length > name.Length)
        {
            return null;
        }

        var standIn = (Prefix + id).PadRight(name.Length, '~');
        standIn = StandIns.GetOrAdd((name, index), standIn);
        RealNames.TryAdd(standIn, Encoding.ASCII.GetBytes(name));
        return standIn;
    }
}

/// <summary>A connection to a backend whose written bytes pass through <see cref="RepeatedHeaderLines.Rewrite"/>.</summary>
internal sealed class HeaderLineStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(RepeatedHeaderLines.Rewrite(buffer.AsMemory(offset, count)).Span);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(RepeatedHeaderLines.Rewrite(buffer), cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(RepeatedHeaderLines.Rewrite(buffer.AsMemory(offset, count)), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
