namespace Clusternet.Runtime.Tunnel;

/// <summary>
/// The peer broke the tunnel protocol: a frame that does not decode, a message that is too large, a text
/// WebSocket message, or a message this side never accepts. The session that saw it ends.
/// </summary>
public sealed class TunnelProtocolException : IOException
{
    /// <summary>Creates the exception with a description of what the peer sent.</summary>
    /// <param name="message">What was wrong with the peer's message.</param>
    public TunnelProtocolException(string message)
        : base(message)
    {
    }
}
