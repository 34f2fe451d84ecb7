namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// One tunnel message: exactly one binary WebSocket message laid out as message id, connection id and type
/// (signed varints), then, for Data and Connect only, a "deadline" varint that v0.3.0 senders set to 15000 and
/// receivers ignore, then the payload up to the end of the WebSocket message with no length prefix.
/// </summary>
/// <param name="MessageId">The sender's running message counter; receivers only log it.</param>
/// <param name="ConnectionId">The multiplexed connection the message is for (0 for AddClient/RemoveClient).</param>
/// <param name="Type">The message type.</param>
/// <param name="Payload">The bytes after the header; a slice of the decoded message, not a copy.</param>
internal readonly record struct TunnelFrame(long MessageId, long ConnectionId, TunnelMessageType Type, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The deadline v0.3.0 writes on Data and Connect: 15,000 ms (bytes <c>B0 EA 01</c>).</summary>
    public const long SentDeadline = 15_000;

    /// <summary>The longest possible header: four ten-byte varints.</summary>
    public const int MaxHeaderLength = 4 * TunnelVarint.MaxLength;

    /// <summary>Whether frames of this type carry the deadline varint.</summary>
    public static bool HasDeadline(TunnelMessageType type) => type is TunnelMessageType.Data or TunnelMessageType.Connect;

    /// <summary>The exact encoded size of a frame.</summary>
    public static int GetLength(long messageId, long connectionId, TunnelMessageType type, int payloadLength) =>
        TunnelVarint.GetLength(messageId) + TunnelVarint.GetLength(connectionId) + TunnelVarint.GetLength((long)type)
        + (HasDeadline(type) ? TunnelVarint.GetLength(SentDeadline) : 0) + payloadLength;

    /// <summary>Encodes a frame into <paramref name="destination"/> and returns its length.</summary>
    public static int Write(Span<byte> destination, long messageId, long connectionId, TunnelMessageType type, ReadOnlySpan<byte> payload)
    {
        var n = TunnelVarint.Write(destination, messageId);
        n += TunnelVarint.Write(destination[n..], connectionId);
        n += TunnelVarint.Write(destination[n..], (long)type);
        if (HasDeadline(type))
        {
            n += TunnelVarint.Write(destination[n..], SentDeadline);
        }

        payload.CopyTo(destination[n..]);
        return n + payload.Length;
    }

    /// <summary>Encodes a frame into a new array (tests and rare control messages).</summary>
    public static byte[] Encode(long messageId, long connectionId, TunnelMessageType type, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[GetLength(messageId, connectionId, type, payload.Length)];
        Write(bytes, messageId, connectionId, type, payload);
        return bytes;
    }

    /// <summary>
    /// Decodes one WebSocket message. Total: any input either decodes or throws <see cref="TunnelProtocolException"/>.
    /// </summary>
    /// <param name="message">The whole binary WebSocket message.</param>
    /// <param name="maxPayloadLength">The largest payload accepted.</param>
    /// <exception cref="TunnelProtocolException">The message is truncated, a varint is malformed, the payload is too large, or the type is unknown.</exception>
    public static TunnelFrame Decode(ReadOnlyMemory<byte> message, int maxPayloadLength)
    {
        var span = message.Span;
        var messageId = TunnelVarint.Read(span, "message id", out var n);
        var offset = n;
        var connectionId = TunnelVarint.Read(span[offset..], "connection id", out n);
        offset += n;
        var rawType = TunnelVarint.Read(span[offset..], "message type", out n);
        offset += n;

        // v0.3.0 silently skips types it does not know; we only tolerate the one later releases really send (8),
        // and end the session on anything else, so a corrupted stream cannot masquerade as a benign message.
        if (rawType is < (long)TunnelMessageType.Data or > (long)TunnelMessageType.SyncConnections)
        {
            throw new TunnelProtocolException($"Unknown message type {rawType}.");
        }

        var type = (TunnelMessageType)rawType;
        if (HasDeadline(type))
        {
            TunnelVarint.Read(span[offset..], "deadline", out n);
            offset += n;
        }

        var payloadLength = message.Length - offset;
        if (payloadLength > maxPayloadLength)
        {
            throw new TunnelProtocolException($"A {type} payload of {payloadLength} bytes exceeds the limit of {maxPayloadLength}.");
        }

        return new TunnelFrame(messageId, connectionId, type, message[offset..]);
    }
}
