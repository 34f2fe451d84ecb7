using System.Net.WebSockets;
using k8s;

namespace Clusternet.Redirection;

/// <summary>
/// The websocket builder a redirected <see cref="Kubernetes"/> uses for exec, attach and port-forward. KubernetesClient
/// opens those connections with a <see cref="ClientWebSocket"/> of its own, outside its <see cref="HttpClient"/>, so
/// delegating handlers never see them; this builder applies the same redirection and credential headers instead.
/// </summary>
internal sealed class ClusterWebSocketBuilder : WebSocketBuilder
{
    private readonly string? parentPrefix;
    private readonly string directPath;

    public ClusterWebSocketBuilder(string? parentPrefix, string directPath, ChildCredentials? credentials)
    {
        this.parentPrefix = parentPrefix;
        this.directPath = directPath;
        if (credentials is not null)
        {
            // Set before KubernetesClient adds its Authorization header; ClientWebSocketOptions keeps both.
            foreach (var (name, value) in credentials.Headers())
            {
                SetRequestHeader(name, value);
            }
        }
    }

    public override Task<WebSocket> BuildAndConnectAsync(Uri uri, CancellationToken cancellationToken) =>
        base.BuildAndConnectAsync(parentPrefix is null ? uri : ClusterRedirection.Redirect(uri, parentPrefix, directPath), cancellationToken);
}
