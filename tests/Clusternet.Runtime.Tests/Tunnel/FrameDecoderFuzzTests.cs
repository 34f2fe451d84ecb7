using System.Diagnostics;
using Clusternet.Runtime.Tunnel;
using Clusternet.Runtime.Tests.Tunnel.Support;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>The decoder is total: every input decodes or throws <see cref="TunnelProtocolException"/>, quickly.</summary>
public sealed class FrameDecoderFuzzTests
{
    private const int Limit = 64 << 10;

    [Fact]
    public void Random_bytes_decode_or_fail_cleanly()
    {
        var random = new Random(1234);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 50_000; i++)
        {
            var bytes = new byte[random.Next(0, 40)];
            random.NextBytes(bytes);
            DecodeOrProtocolError(bytes);
        }

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Every_truncation_of_every_message_type_fails_cleanly()
    {
        foreach (var type in new byte[] { 1, 2, 3, 4, 5, 6, 7 })
        {
            var frame = SpecFrames.Frame(long.MinValue, 1234567, type, "payload");
            for (var length = 0; length < frame.Length; length++)
            {
                DecodeOrProtocolError(frame[..length]);
            }
        }
    }

    [Fact]
    public void Headers_cut_inside_a_varint_are_protocol_errors()
    {
        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(Array.Empty<byte>(), Limit));
        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(new byte[] { 0x0A, 0x04 }, Limit));
        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(new byte[] { 0x0A, 0x04, 0x02, 0xB0, 0xEA }, Limit));
    }

    [Fact]
    public void Bit_flips_fail_cleanly()
    {
        var random = new Random(99);
        var frames = new[] { 1, 2, 3, 4, 5, 6, 7 }.Select(t => SpecFrames.Frame(random.NextInt64(), random.Next(), (byte)t, "tcp/10.0.0.1:443")).ToArray();
        foreach (var frame in frames)
        {
            for (var bit = 0; bit < Math.Min(frame.Length, 12) * 8; bit++)
            {
                var flipped = (byte[])frame.Clone();
                flipped[bit / 8] ^= (byte)(1 << (bit % 8));
                DecodeOrProtocolError(flipped);
            }
        }
    }

    [Fact]
    public void Varint_longer_than_ten_bytes_is_a_protocol_error()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 11).Concat(new byte[] { 0x00, 0x02 }).ToArray();

        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(bytes, Limit));
    }

    [Fact]
    public void Tenth_varint_byte_above_one_overflows()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 9).Concat(new byte[] { 0x02, 0x00, 0x02 }).ToArray();

        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(bytes, Limit));
    }

    [Fact]
    public void Payload_over_the_limit_is_a_protocol_error()
    {
        var frame = SpecFrames.Frame(1, 2, SpecFrames.Data, new byte[Limit + 1]);

        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(frame, Limit));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(9L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    public void Unknown_types_are_protocol_errors(long type)
    {
        var frame = SpecFrames.Varint(1).Concat(SpecFrames.Varint(2)).Concat(SpecFrames.Varint(type)).ToArray();

        Assert.Throws<TunnelProtocolException>(() => TunnelFrame.Decode(frame, Limit));
    }

    private static void DecodeOrProtocolError(byte[] bytes)
    {
        try
        {
            var frame = TunnelFrame.Decode(bytes, Limit);
            Assert.InRange((int)frame.Type, 1, 8);
        }
        catch (TunnelProtocolException)
        {
        }
    }
}
