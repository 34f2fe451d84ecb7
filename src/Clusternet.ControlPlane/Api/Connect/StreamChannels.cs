using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>
/// Kubernetes' streams multiplexed over one WebSocket (the <c>*.channel.k8s.io</c> sub-protocols): every message starts
/// with a channel byte followed by the payload. For exec the channels are 0 stdin, 1 stdout, 2 stderr, 3 error (the
/// final Status), 4 terminal resize; for port-forward, 2n is port n's data (both ways) and 2n+1 its error text. The
/// <c>base64.</c> variants send text messages whose first character is the channel digit and whose rest is base64.
/// <c>v5</c> adds channel 255: a message <c>[255, n]</c> says the sender closed channel <c>n</c>, which is how a client
/// ends stdin without closing the socket (v4 clients can only close the socket).
/// </summary>
internal sealed class StreamChannels : IAsyncDisposable
{
    public const byte Stdin = 0;
    public const byte Stdout = 1;
    public const byte Stderr = 2;
    public const byte Error = 3;
    public const byte Resize = 4;
    private const byte Close = 255;

    /// <summary>The exec sub-protocols served, best first; a client's own order of preference decides among them.</summary>
    public static readonly IReadOnlyList<string> Protocols =
        ["v5.channel.k8s.io", "v4.channel.k8s.io", "v5.base64.channel.k8s.io", "v4.base64.channel.k8s.io"];

    private readonly WebSocket socket;
    private readonly SemaphoreSlim sending = new(1, 1);
    private readonly Dictionary<byte, Pipe> inputs;
    private readonly HashSet<byte> closedInputs = [];
    private readonly bool base64;
    private readonly bool closable;

    /// <summary>Channels over <paramref name="socket"/>; what the client sends on <paramref name="inputChannels"/> (exec: stdin) is kept for reading.</summary>
    public StreamChannels(WebSocket socket, params IReadOnlyList<byte> inputChannels)
    {
        this.socket = socket;
        base64 = socket.SubProtocol?.Contains("base64", StringComparison.Ordinal) == true;
        closable = socket.SubProtocol?.StartsWith("v5.", StringComparison.Ordinal) == true;
        inputs = (inputChannels.Count == 0 ? [Stdin] : inputChannels).Distinct().ToDictionary(c => c, _ => new Pipe());
    }

    /// <summary>What the client sent on channel 0; ends when the client closes the channel (v5) or the socket.</summary>
    public Stream StdinStream => Input(Stdin);

    /// <summary>What the client sent on an input <paramref name="channel"/>; ends when the client closes the channel (v5) or the socket.</summary>
    public Stream Input(byte channel) => inputs[channel].Reader.AsStream();

    /// <summary>A write-only stream whose every write is one message on <paramref name="channel"/>.</summary>
    public Stream Output(byte channel) => new ChannelStream(this, channel);

    /// <summary>Sends one message on <paramref name="channel"/>; messages never interleave.</summary>
    public async Task SendAsync(byte channel, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        byte[] message;
        if (base64)
        {
            message = Encoding.ASCII.GetBytes((char)('0' + channel) + Convert.ToBase64String(payload.Span));
        }
        else
        {
            message = new byte[payload.Length + 1];
            message[0] = channel;
            payload.Span.CopyTo(message.AsSpan(1));
        }

        await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(message, base64 ? WebSocketMessageType.Text : WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sending.Release();
        }
    }

    /// <summary>
    /// Reads the client's messages until it closes the socket: input channels go to their <see cref="Input"/> streams (or
    /// are dropped when <paramref name="acceptInput"/> is false); anything else, such as exec's resize messages, is
    /// ignored (nothing here has a terminal size).
    /// </summary>
    public async Task ReceiveAsync(bool acceptInput, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var chunk = new byte[16 * 1024];
        try
        {
            while (true)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(chunk.AsMemory(), cancellationToken).ConfigureAwait(false);
                    buffer.Write(chunk.AsSpan(0, result.Count));
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                var (channel, payload) = Decode(buffer.WrittenMemory);
                if (channel is null)
                {
                    continue;
                }

                if (channel == Close && closable && payload.Length > 0 && inputs.TryGetValue(payload.Span[0], out var closing) && closedInputs.Add(payload.Span[0]))
                {
                    await closing.Writer.CompleteAsync().ConfigureAwait(false);
                }
                else if (inputs.TryGetValue(channel.Value, out var input) && acceptInput && !closedInputs.Contains(channel.Value) && payload.Length > 0)
                {
                    // Waits while the reader is behind (the pipe's back-pressure), which holds the socket's other channels too, as one TCP stream does.
                    await input.Writer.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or InvalidOperationException)
        {
            // the client went away; whatever reads stdin sees its end
        }
        finally
        {
            foreach (var input in inputs.Values)
            {
                await input.Writer.CompleteAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops taking input once the work has ended, so unread input no longer holds up the receive loop.</summary>
    public async ValueTask StopInputAsync()
    {
        foreach (var channel in inputs.Keys)
        {
            await StopInputAsync(channel).ConfigureAwait(false);
        }
    }

    /// <summary>Stops taking input on one channel (its reader is done); what the client still sends there is dropped.</summary>
    public ValueTask StopInputAsync(byte channel) => inputs[channel].Reader.CompleteAsync();

    /// <summary>Starts the closing handshake; the client answers it, or the connection is dropped when the request ends.</summary>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            await sending.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
            }
            finally
            {
                sending.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var input in inputs.Values)
        {
            await input.Writer.CompleteAsync().ConfigureAwait(false);
            await input.Reader.CompleteAsync().ConfigureAwait(false);
        }

        socket.Dispose();
        sending.Dispose();
    }

    private (byte? Channel, ReadOnlyMemory<byte> Payload) Decode(ReadOnlyMemory<byte> message)
    {
        if (message.IsEmpty)
        {
            return (null, default);
        }

        if (!base64)
        {
            return (message.Span[0], message[1..]);
        }

        // In the base64 variants the channel is an ASCII digit; v5's close signal keeps its raw byte 255 there too.
        var first = message.Span[0];
        var channel = first is >= (byte)'0' and <= (byte)'9' ? (byte)(first - '0') : first;
        try
        {
            return (channel, Convert.FromBase64String(Encoding.ASCII.GetString(message.Span[1..])));
        }
        catch (FormatException)
        {
            return (null, default);
        }
    }

    /// <summary>A write-only stream onto one output channel.</summary>
    private sealed class ChannelStream(StreamChannels channels, byte channel) : WriteOnlyStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!buffer.IsEmpty)
            {
                await channels.SendAsync(channel, buffer, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
