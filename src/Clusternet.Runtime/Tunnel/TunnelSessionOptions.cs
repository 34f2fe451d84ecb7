namespace Clusternet.Runtime.Tunnel;

/// <summary>Timing and size limits of a tunnel session. The defaults are remotedialer v0.3.0's.</summary>
public sealed class TunnelSessionOptions
{
    /// <summary>How often the dialing side (the agent) sends a WebSocket Ping. Default 5 s.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a session may receive nothing at all before it is declared dead. Default 60 s. Any received
    /// bytes count, Pongs and Pings included, so a peer that pings every 5 s always keeps it alive. Time this
    /// process spent stalled (a starved thread pool, a long GC pause, a suspended machine) does not count: during it
    /// this side neither pinged nor read, so the peer is given the deadline again once this side runs.
    /// </summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long the dialing side (an agent, or a hub linking to a peer) waits for the answer to its WebSocket handshake.
    /// Default 10 s. A handshake that gets no answer in time fails with an <see cref="IOException"/>, so the caller's
    /// retry dials again instead of waiting forever on a hub (or a proxy in front of it) that never answers.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest WebSocket message accepted from the peer. Default 4 MiB; a larger one ends the session.</summary>
    public int MaxMessageSize { get; set; } = 4 << 20;

    /// <summary>The clock for pings and read deadlines.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
