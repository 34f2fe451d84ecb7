using System.IO.Compression;
using Clusternet.ControlPlane.Api.Connect.Spdy;

namespace Clusternet.ControlPlane.Tests.Api;

/// <summary>SPDY/3 header blocks: reading kubectl's (zlib with the preset dictionary) and writing ones any inflater reads.</summary>
public class SpdyHeaderCompressionTests
{
    // The two header blocks kubectl 1.32 sent for its first forwarded connection (error stream, then data stream),
    // captured with -v=9: one zlib stream with the SPDY/3 dictionary, sync-flushed after each block.
    private static readonly byte[] KubectlErrorStream = Convert.FromHexString(
        "78F9E3C6A7C202253A703A2B294A4DCC851625ACA9A08086" + "14CB45E01C60616061C0C0C0C0590489C64C50F2663400000000FFFF");

    private static readonly byte[] KubectlDataStream = Convert.FromHexString("C2AA19540E2512D60B000000FFFF");

    [Fact]
    public void TheDictionaryIsSpdy3sWhoseIdKubectlSends()
    {
        Assert.Equal(1423, SpdyHeaderCompression.Dictionary.Length);

        // kubectl's zlib header carries the dictionary's Adler-32 (E3C6A7C2) after 78 F9.
        Assert.Equal(0xE3C6A7C2u, Adler32(SpdyHeaderCompression.Dictionary));
        Assert.Equal(KubectlErrorStream[2..6], [0xE3, 0xC6, 0xA7, 0xC2]);
    }

    [Fact]
    public void KubectlsHeaderBlocksDecodeInOrderThroughOneStream()
    {
        using var decompressor = new SpdyHeaderDecompressor();

        var error = SpdyHeaderCompression.Parse(decompressor.Decompress(KubectlErrorStream));
        var data = SpdyHeaderCompression.Parse(decompressor.Decompress(KubectlDataStream));

        Assert.Equal("error", error["streamtype"]);
        Assert.Equal("8080", error["port"]);
        Assert.Equal(new Dictionary<string, string> { ["streamtype"] = "data", ["port"] = "8080", ["requestid"] = "0" }, data);
        Assert.Equal(error["requestid"], data["requestid"]);
    }

    [Fact]
    public void WrittenBlocksAreOneZlibStreamThatAnInflaterReadsBlockByBlock()
    {
        var compressor = new SpdyHeaderCompressor();
        var first = SpdyHeaderCompression.Serialize(new Dictionary<string, string>());
        var second = SpdyHeaderCompression.Serialize(new Dictionary<string, string> { ["Status"] = "200", ["x"] = new string('y', 70_000) });

        var firstPiece = compressor.Compress(first);
        var secondPiece = compressor.Compress(second);

        // Only the first piece starts the zlib stream (78 01: deflate, no dictionary), and every piece ends as a sync
        // flush does, so a reader that must not read past a frame (Go's flate) gets the whole block.
        Assert.Equal([0x78, 0x01], firstPiece[..2]);
        Assert.Equal([0x00, 0x00, 0x00, 0xFF, 0xFF], firstPiece[^5..]);
        Assert.Equal([0x00, 0x00, 0x00, 0xFF, 0xFF], secondPiece[^5..]);
        using var inflater = new ZLibStream(new MemoryStream([.. firstPiece, .. secondPiece]), CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        Assert.Equal([.. first, .. second], output.ToArray());
        Assert.Equal("200", SpdyHeaderCompression.Parse(second)["status"]);
    }

    [Fact]
    public void ABlockThatDoesNotStartAZlibStreamIsRefused()
    {
        using var decompressor = new SpdyHeaderDecompressor();

        Assert.Throws<InvalidDataException>(() => decompressor.Decompress([0x00, 0x01, 0x02]));
    }

    private static uint Adler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}
