using System.Net.WebSockets;

namespace Clusternet.Runtime.Tests.Tunnel.Support;

/// <summary>A test peer that speaks the tunnel protocol by hand over a raw WebSocket.</summary>
internal sealed class FramePeer(WebSocket webSocket) : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public WebSocket WebSocket { get; } = webSocket;

    public Task SendAsync(byte[] message) =>
        WebSocket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);

    public Task SendTextAsync(string text) =>
        WebSocket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next whole message, or null when the WebSocket closed or failed.</summary>
    public async Task<byte[]?> ReceiveAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var buffer = new byte[64 << 10];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await WebSocket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return message.ToArray();
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    /// <summary>The next message, parsed; fails the test on close.</summary>
    public async Task<(long MessageId, long ConnectionId, byte Type, byte[] Payload)> ReceiveFrameAsync()
    {
        var message = await ReceiveAsync();
        Assert.NotNull(message);
        return SpecFrames.Parse(message);
    }

    /// <summary>Skips messages until one of <paramref name="type"/> arrives.</summary>
    public async Task<(long MessageId, long ConnectionId, byte Type, byte[] Payload)> ReceiveFrameAsync(byte type)
    {
        while (true)
        {
            var frame = await ReceiveFrameAsync();
            if (frame.Type == type)
            {
                return frame;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        WebSocket.Abort();
        WebSocket.Dispose();
        return ValueTask.CompletedTask;
    }
}
