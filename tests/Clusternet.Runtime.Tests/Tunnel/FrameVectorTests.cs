using System.Text;
using Clusternet.Runtime.Tunnel;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>Byte vectors written from the protocol description (§4.2), not produced by the encoder under test.</summary>
public sealed class FrameVectorTests
{
    private const int Limit = 1 << 20;

    public static TheoryData<string, long, long, int, string> Vectors => new()
    {
        // hex header, message id, connection id, type, payload
        { "0A 04 04 B0 EA 01", 5, 2, 2, "tcp/10.96.0.1:443" },   // the worked example's Connect
        { "0C 04 06", 6, 2, 3, "EOF" },                          // the worked example's graceful close
        { "02 04 02 B0 EA 01", 1, 2, 1, "hello" },               // Data
        { "00 00 08", 0, 0, 4, "c1/42" },                        // AddClient
        { "01 00 0A", -1, 0, 5, "c1/42" },                       // RemoveClient, negative message id
        { "80 01 0E 0C", 64, 7, 6, "" },                         // Pause: 64 takes two bytes
        { "7F 0E 0E", -64, 7, 7, "" },                           // Resume: -64 is the largest negative in one byte
        { "FE FF FF FF FF FF FF FF FF 01 04 02 B0 EA 01", long.MaxValue, 2, 1, "" },
        { "FF FF FF FF FF FF FF FF FF 01 03 06", long.MinValue, -2, 3, "x" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Vector_decodes_to_its_fields(string header, long messageId, long connectionId, int type, string payload)
    {
        var frame = TunnelFrame.Decode(Bytes(header, payload), Limit);

        Assert.Equal(messageId, frame.MessageId);
        Assert.Equal(connectionId, frame.ConnectionId);
        Assert.Equal((TunnelMessageType)type, frame.Type);
        Assert.Equal(payload, Encoding.UTF8.GetString(frame.Payload.Span));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Fields_encode_to_the_vector(string header, long messageId, long connectionId, int type, string payload)
    {
        var encoded = TunnelFrame.Encode(messageId, connectionId, (TunnelMessageType)type, Encoding.UTF8.GetBytes(payload));

        Assert.Equal(Bytes(header, payload), encoded);
    }

    [Fact]
    public void Worked_example_connect_is_exactly_the_specified_bytes()
    {
        var expected = new byte[] { 0x0A, 0x04, 0x04, 0xB0, 0xEA, 0x01 }.Concat("tcp/10.96.0.1:443"u8.ToArray()).ToArray();

        Assert.Equal(expected, TunnelFrame.Encode(5, 2, TunnelMessageType.Connect, "tcp/10.96.0.1:443"u8));
    }

    [Fact]
    public void Deadline_value_is_read_and_ignored()
    {
        // A sender may write any deadline; 0 here instead of 15000.
        var frame = TunnelFrame.Decode(Bytes("02 04 02 00", "abc"), Limit);

        Assert.Equal(TunnelMessageType.Data, frame.Type);
        Assert.Equal("abc", Encoding.ASCII.GetString(frame.Payload.Span));
    }

    [Fact]
    public void Non_minimal_varints_are_accepted_as_go_does()
    {
        var frame = TunnelFrame.Decode(Bytes("80 00 04 0C", ""), Limit);

        Assert.Equal(0, frame.MessageId);
        Assert.Equal(TunnelMessageType.Pause, frame.Type);
    }

    [Fact]
    public void Sync_connections_from_newer_peers_decodes_without_a_deadline()
    {
        var frame = TunnelFrame.Decode(Bytes("02 00 10", "\u0004"), Limit);

        Assert.Equal(TunnelMessageType.SyncConnections, frame.Type);
        Assert.Equal(1, frame.Payload.Length);
    }

    [Theory]
    [InlineData(0L, "00")]
    [InlineData(1L, "02")]
    [InlineData(-1L, "01")]
    [InlineData(63L, "7E")]
    [InlineData(-64L, "7F")]
    [InlineData(64L, "80 01")]
    [InlineData(15000L, "B0 EA 01")]
    public void Varint_matches_go_putvarint(long value, string hex)
    {
        var buffer = new byte[TunnelVarint.MaxLength];
        var length = TunnelVarint.Write(buffer, value);

        Assert.Equal(Convert.FromHexString(hex.Replace(" ", string.Empty)), buffer[..length]);
        Assert.Equal(length, TunnelVarint.GetLength(value));
        Assert.Equal(value, TunnelVarint.Read(buffer, "test", out var consumed));
        Assert.Equal(length, consumed);
    }

    private static byte[] Bytes(string header, string payload) =>
        Convert.FromHexString(header.Replace(" ", string.Empty)).Concat(Encoding.UTF8.GetBytes(payload)).ToArray();
}
