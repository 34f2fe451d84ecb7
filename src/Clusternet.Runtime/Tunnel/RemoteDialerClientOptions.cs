namespace Clusternet.Runtime.Tunnel;

/// <summary>How an agent reaches the hub's tunnel endpoint and what it lets the hub dial.</summary>
public sealed class RemoteDialerClientOptions
{
    /// <summary>
    /// The hub's socket URL, <c>wss://&lt;parent&gt;/apis/proxies.clusternet.io/v1alpha1/sockets/&lt;clusterId&gt;</c>;
    /// see <see cref="GetSocketUri"/>. <c>https</c>/<c>http</c> are accepted as well.
    /// </summary>
    public required Uri SocketUri { get; set; }

    /// <summary>The bearer token of the cluster's dedicated service account, sent as <c>Authorization: Bearer</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>
    /// Extra request headers, e.g. <c>X-API-Tunnel-ID</c> and <c>X-API-Tunnel-Token</c> on a hub-to-hub peer link.
    /// Upstream sends no cluster-id header: the id is only in the path.
    /// </summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The handler for the WebSocket handshake, carrying the TLS settings to trust the parent (not disposed by the
    /// client). Null: a new <see cref="SocketsHttpHandler"/> that verifies the server certificate against the
    /// system's roots. Unlike upstream, which forces <c>InsecureSkipVerify</c>, verification is never turned off here.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>
    /// The child API server's <c>host:port</c>: the only address the hub may dial when <see cref="AllowDial"/> is null.
    /// </summary>
    public string? ApiServerAddress { get; set; }

    /// <summary>
    /// Decides whether the hub may dial a network and address through this agent. Null: only <c>tcp</c> to
    /// <see cref="ApiServerAddress"/>. Upstream's agent dials whatever it is asked, which lets anyone who can
    /// proxy through the hub reach every address in the child's network.
    /// </summary>
    public Func<string, string, bool>? AllowDial { get; set; }

    /// <summary>How long dialing an allowed address may take. Default one minute, as upstream.</summary>
    public TimeSpan DialTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Session timing and limits.</summary>
    public TunnelSessionOptions Session { get; set; } = new();

    /// <summary>
    /// The socket URL for <paramref name="clusterId"/> under the parent cluster's URL: <c>https</c> becomes
    /// <c>wss</c>, <c>http</c> becomes <c>ws</c>, and the parent's path is kept as a prefix.
    /// </summary>
    /// <param name="parentUrl">The parent cluster's API server URL.</param>
    /// <param name="clusterId">The registered cluster id.</param>
    /// <returns>The WebSocket URL.</returns>
    public static Uri GetSocketUri(Uri parentUrl, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(parentUrl);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var builder = new UriBuilder(parentUrl)
        {
            Scheme = parentUrl.Scheme == Uri.UriSchemeHttp ? "ws" : "wss",
            Port = parentUrl.Port,
        };
        builder.Path = builder.Path.TrimEnd('/') + RemoteDialerServer.SocketsPathPrefix + Uri.EscapeDataString(clusterId);
        return builder.Uri;
    }
}
