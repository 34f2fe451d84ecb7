using System.Net.WebSockets;
using Clusternet.Runtime.Tunnel;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>Frames the session writes itself are read back whole by a standard WebSocket endpoint.</summary>
public sealed class WebSocketFrameTests
{
    [Theory]
    [InlineData(0, true)]
    [InlineData(125, true)]
    [InlineData(126, true)]
    [InlineData(1_000, true)]
    [InlineData(65_535, true)]
    [InlineData(70_001, true)]
    [InlineData(3, false)]
    [InlineData(40_000, false)]
    [InlineData(70_001, false)]
    public async Task A_written_binary_frame_is_received_as_one_whole_message(int length, bool masked)
    {
        var payload = new byte[length];
        new Random(length).NextBytes(payload);
        var frame = new byte[WebSocketFrame.MaxHeaderLength + length];
        var header = WebSocketFrame.WriteBinaryHeader(frame, length, masked, out var mask);
        payload.CopyTo(frame.AsSpan(header));
        if (masked)
        {
            WebSocketFrame.Mask(frame.AsSpan(header, length), mask);
        }

        // A client's frames are read by a server and must be masked; a server's by a client and must not be.
        using var stream = new MemoryStream(frame, 0, header + length);
        using var receiver = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = masked, KeepAliveInterval = TimeSpan.Zero });
        var received = new byte[length + 1];
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await receiver.ReceiveAsync(received.AsMemory(count), CancellationToken.None);
            count += result.Count;
        }
        while (!result.EndOfMessage);

        Assert.Equal(WebSocketMessageType.Binary, result.MessageType);
        Assert.Equal(payload, received[..count]);
    }
}
