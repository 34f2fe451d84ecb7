using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Tunnel;

/// <summary>Source-generated log messages of the tunnel; event ids 5100–5199.</summary>
internal static partial class TunnelLog
{
    [LoggerMessage(5100, LogLevel.Information, "Tunnel session {ClientKey}/{SessionKey} started")]
    public static partial void SessionStarted(ILogger logger, string clientKey, long sessionKey);

    [LoggerMessage(5101, LogLevel.Information, "Tunnel session {ClientKey}/{SessionKey} ended")]
    public static partial void SessionEnded(ILogger logger, string clientKey, long sessionKey, Exception? error);

    [LoggerMessage(5102, LogLevel.Information, "Tunnel session for {ClientKey} replaced by a newer one")]
    public static partial void SessionReplaced(ILogger logger, string clientKey);

    [LoggerMessage(5103, LogLevel.Warning, "Tunnel session request for {ClientKey} refused with status {StatusCode}: {Reason}")]
    public static partial void SessionRefused(ILogger logger, string clientKey, int statusCode, string reason);

    [LoggerMessage(5110, LogLevel.Debug, "Tunnel {ClientKey}: connection {ConnectionId} opened to {Network}/{Address}")]
    public static partial void ConnectionOpened(ILogger logger, string clientKey, long connectionId, string network, string address);

    [LoggerMessage(5111, LogLevel.Warning, "Tunnel {ClientKey}: connection {ConnectionId} to {Network}/{Address} refused: the address is not allowed")]
    public static partial void DialRefused(ILogger logger, string clientKey, long connectionId, string network, string address);

    [LoggerMessage(5112, LogLevel.Debug, "Tunnel {ClientKey}: dialing {Network}/{Address} for connection {ConnectionId} failed")]
    public static partial void DialFailed(ILogger logger, string clientKey, long connectionId, string network, string address, Exception error);

    [LoggerMessage(5113, LogLevel.Debug, "Tunnel {ClientKey}: ignored a {MessageType} message")]
    public static partial void MessageIgnored(ILogger logger, string clientKey, TunnelMessageType messageType);

    [LoggerMessage(5114, LogLevel.Warning, "Tunnel {ClientKey}: connection {ConnectionId} buffered more than {Limit} bytes after asking the peer to pause; closing it")]
    public static partial void ConnectionOverflow(ILogger logger, string clientKey, long connectionId, long limit);

    [LoggerMessage(5115, LogLevel.Debug, "Tunnel peer {PeerId}: {ClientKey} advertised ({Added})")]
    public static partial void ClientAdvertised(ILogger logger, string peerId, string clientKey, bool added);

    [LoggerMessage(5120, LogLevel.Information, "Tunnel peer link to {PeerId} at {Uri} connecting")]
    public static partial void PeerLinkConnecting(ILogger logger, string peerId, Uri uri);

    [LoggerMessage(5122, LogLevel.Debug, "Tunnel peer {PeerId}: connection {ConnectionId} to {ClientKey} failed")]
    public static partial void PeerRelayFailed(ILogger logger, string peerId, long connectionId, string clientKey, Exception error);
}
