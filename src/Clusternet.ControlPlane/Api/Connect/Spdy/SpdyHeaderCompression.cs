using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Clusternet.ControlPlane.Api.Connect.Spdy;

/// <summary>
/// SPDY/3 header blocks: a count and length-prefixed lowercase names and NUL-separated values, sent through one zlib
/// stream per direction that starts from the protocol's preset dictionary (SPDY/3 draft §2.6.10.1).
/// </summary>
/// <remarks>
/// .NET's zlib does not take a preset dictionary, so the reading side decodes a raw deflate stream that begins with a
/// stored block holding the dictionary: a back-reference into the dictionary then finds it in the window, exactly as with
/// one preset, and the dictionary's own bytes are skipped. The writing side needs no dictionary at all: it sends
/// stored (uncompressed) blocks, which any inflater reads whatever dictionary it was given.
/// </remarks>
internal static class SpdyHeaderCompression
{
    /// <summary>The SPDY/3 header dictionary: length-prefixed common header names and values, then common value text.</summary>
    public static readonly byte[] Dictionary = BuildDictionary();

    /// <summary>Decodes a header block (already decompressed): names lowercase, multiple values joined by NUL.</summary>
    public static Dictionary<string, string> Parse(ReadOnlySpan<byte> block)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = ReadLength(ref block);
        for (var i = 0; i < count; i++)
        {
            var name = Encoding.ASCII.GetString(ReadBytes(ref block));
            var value = Encoding.UTF8.GetString(ReadBytes(ref block));
            headers[name] = value;
        }

        return headers;
    }

    /// <summary>Encodes headers as an uncompressed header block.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, string> headers)
    {
        using var block = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, headers.Count);
        block.Write(length);
        foreach (var (name, value) in headers)
        {
            foreach (var text in (string[])[name.ToLowerInvariant(), value])
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
                block.Write(length);
                block.Write(bytes);
            }
        }

        return block.ToArray();
    }

    private static int ReadLength(ref ReadOnlySpan<byte> block)
    {
        if (block.Length < 4)
        {
            throw new InvalidDataException("truncated SPDY header block");
        }

        var value = BinaryPrimitives.ReadInt32BigEndian(block);
        block = block[4..];
        return value is >= 0 and <= 1 << 20 ? value : throw new InvalidDataException("SPDY header block length out of range");
    }

    private static ReadOnlySpan<byte> ReadBytes(ref ReadOnlySpan<byte> block)
    {
        var length = ReadLength(ref block);
        if (block.Length < length)
        {
            throw new InvalidDataException("truncated SPDY header block");
        }

        var bytes = block[..length];
        block = block[length..];
        return bytes;
    }

    private static byte[] BuildDictionary()
    {
        string[] names =
        [
            "options", "head", "post", "put", "delete", "trace", "accept", "accept-charset", "accept-encoding", "accept-language",
            "accept-ranges", "age", "allow", "authorization", "cache-control", "connection", "content-base", "content-encoding",
            "content-language", "content-length", "content-location", "content-md5", "content-range", "content-type", "date",
            "etag", "expect", "expires", "from", "host", "if-match", "if-modified-since", "if-none-match", "if-range",
            "if-unmodified-since", "last-modified", "location", "max-forwards", "pragma", "proxy-authenticate",
            "proxy-authorization", "range", "referer", "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade",
            "user-agent", "vary", "via", "warning", "www-authenticate", "method", "get", "status", "200 OK", "version",
            "HTTP/1.1", "url", "public", "set-cookie", "keep-alive", "origin",
        ];
        const string Tail =
            "100101201202205206300302303304305306307402405406407408409410411412413414415416417502504505"
            + "203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
            + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service Unavailable"
            + "Jan Feb Mar Apr May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMT"
            + "chunked,text/html,image/png,image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,"
            + "text/javascript,publicprivatemax-age=gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
        using var dictionary = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var name in names)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, name.Length);
            dictionary.Write(length);
            dictionary.Write(Encoding.ASCII.GetBytes(name));
        }

        dictionary.Write(Encoding.ASCII.GetBytes(Tail));
        return dictionary.ToArray();
    }
}

/// <summary>The reading side's zlib stream: every compressed header block of one direction, in order.</summary>
internal sealed class SpdyHeaderDecompressor : IDisposable
{
    private readonly FeedStream _feed = new();
    private readonly DeflateStream _inflater;
    private int _skip = SpdyHeaderCompression.Dictionary.Length;
    private bool _started;

    public SpdyHeaderDecompressor()
    {
        // A stored, non-final block with the dictionary primes the window (see SpdyHeaderCompression's remarks).
        var dictionary = SpdyHeaderCompression.Dictionary;
        var stored = new byte[5 + dictionary.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(stored.AsSpan(1), (ushort)dictionary.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(stored.AsSpan(3), (ushort)~dictionary.Length);
        dictionary.CopyTo(stored, 5);
        _feed.Add(stored);
        _inflater = new DeflateStream(_feed, CompressionMode.Decompress);
    }

    /// <summary>Decompresses one frame's header block; the sender flushed its zlib stream at the end of it.</summary>
    public byte[] Decompress(ReadOnlySpan<byte> compressed)
    {
        if (!_started)
        {
            // The zlib header of the stream (and the dictionary id when FDICT is set) comes before the first block.
            if (compressed.Length < 2 || (compressed[0] & 0x0F) != 8 || ((compressed[0] << 8) | compressed[1]) % 31 != 0)
            {
                throw new InvalidDataException("the SPDY header block does not start a zlib stream");
            }

            var headerLength = (compressed[1] & 0x20) != 0 ? 6 : 2;
            if (compressed.Length < headerLength)
            {
                throw new InvalidDataException("truncated zlib header in a SPDY header block");
            }

            compressed = compressed[headerLength..];
            _started = true;
        }

        _feed.Add(compressed.ToArray());
        using var output = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = _inflater.Read(buffer)) > 0)
        {
            var skipped = Math.Min(_skip, read);
            _skip -= skipped;
            output.Write(buffer, skipped, read - skipped);
            if (output.Length > 1 << 20)
            {
                throw new InvalidDataException("a SPDY header block larger than 1 MiB");
            }
        }

        return output.ToArray();
    }

    public void Dispose() => _inflater.Dispose();

    /// <summary>Hands the inflater what has arrived so far and says "nothing more yet" (0) when it runs out.</summary>
    private sealed class FeedStream : Stream
    {
        private readonly Queue<byte[]> _chunks = new();
        private int _offset;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Add(byte[] chunk)
        {
            if (chunk.Length > 0)
            {
                _chunks.Enqueue(chunk);
            }
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var total = 0;
            while (total < buffer.Length && _chunks.TryPeek(out var chunk))
            {
                var take = Math.Min(buffer.Length - total, chunk.Length - _offset);
                chunk.AsSpan(_offset, take).CopyTo(buffer[total..]);
                total += take;
                _offset += take;
                if (_offset == chunk.Length)
                {
                    _chunks.Dequeue();
                    _offset = 0;
                }
            }

            return total;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>The writing side's zlib stream: stored blocks, so no dictionary is needed to produce it, each piece ending as a sync flush does.</summary>
internal sealed class SpdyHeaderCompressor
{
    private bool _started;

    /// <summary>One header block as the next piece of this direction's zlib stream.</summary>
    public byte[] Compress(ReadOnlySpan<byte> block)
    {
        using var output = new MemoryStream();
        if (!_started)
        {
            // CMF 0x78 (deflate, 32 KiB window), FLG 0x01: no preset dictionary, check bits make it a multiple of 31.
            output.Write([0x78, 0x01]);
            _started = true;
        }

        Span<byte> header = stackalloc byte[5];
        while (true)
        {
            var take = Math.Min(block.Length, ushort.MaxValue);
            header[0] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte boundary
            BinaryPrimitives.WriteUInt16LittleEndian(header[1..], (ushort)take);
            BinaryPrimitives.WriteUInt16LittleEndian(header[3..], (ushort)~take);
            output.Write(header);
            output.Write(block[..take]);
            block = block[take..];
            if (block.IsEmpty)
            {
                // An empty stored block ends the piece, as zlib's sync flush does: it makes an inflater hand out what it
                // has without reading the next block's header, which only comes with the next frame (Go's flate stops
                // with an error if it has to read past a frame's header block).
                output.Write([0x00, 0x00, 0x00, 0xFF, 0xFF]);
                return output.ToArray();
            }
        }
    }
}
