namespace Clusternet.Runtime.Tunnel;

/// <summary>The message types of the remotedialer v0.3.0 wire protocol; the numbers are the wire values.</summary>
internal enum TunnelMessageType
{
    /// <summary>Application bytes for one connection.</summary>
    Data = 1,

    /// <summary>Opens a connection; the payload is <c>network/address</c>.</summary>
    Connect = 2,

    /// <summary>Closes a connection; the payload is the reason, and the text <c>EOF</c> means a graceful close.</summary>
    Error = 3,

    /// <summary>Peer hubs advertise a session they hold (<c>clientKey/sessionKey</c>).</summary>
    AddClient = 4,

    /// <summary>Peer hubs withdraw a session they advertised.</summary>
    RemoveClient = 5,

    /// <summary>Asks the peer to stop sending Data for a connection.</summary>
    Pause = 6,

    /// <summary>Lets the peer send Data for a connection again.</summary>
    Resume = 7,

    /// <summary>Sent by remotedialer releases newer than v0.3.0 (a list of live connection ids); a v0.3.0 peer ignores it, and so do we.</summary>
    SyncConnections = 8,
}
