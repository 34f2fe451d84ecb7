using Clusternet.Runtime.Hub.Peering;
using Clusternet.Runtime.Tunnel;
using k8s.Autorest;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// The hub's request pipeline: health endpoints without authentication; everything else authenticated (anonymous
/// refused), authorized by SubjectAccessReview on the parent, then served — discovery, the agents' tunnel endpoint,
/// the sockets proxy, or a mounted API group (the shadow API).
/// </summary>
internal sealed class ClusternetHub
{
    private const string SocketsPrefix = HubDiscovery.ProxiesPrefix + "/" + HubDiscovery.Sockets + "/";

    /// <summary>Where other hub replicas open their peer links, as upstream's peer listener.</summary>
    public const string PeerPath = "/connect";
    private readonly HubAuthenticator _authenticator;
    private readonly HubAuthorizer _authorizer;
    private readonly RemoteDialerServer _tunnel;
    private readonly SocketProxy _proxy;
    private readonly IReadOnlyList<HubApiGroup> _groups;
    private readonly ILogger _logger;
    private readonly byte[] _proxiesResources = HubDiscovery.ProxiesResourceList();
    private readonly byte[] _version = HubDiscovery.Version();

    public ClusternetHub(HubAuthenticator authenticator, HubAuthorizer authorizer, RemoteDialerServer tunnel, SocketProxy proxy, IEnumerable<HubApiGroup> groups, HubPeering? peering, ILogger logger)
    {
        Peering = peering;
        _authenticator = authenticator;
        _authorizer = authorizer;
        _tunnel = tunnel;
        _proxy = proxy;
        _groups = [.. groups];
        _logger = logger;
    }

    public IReadOnlyList<HubApiGroup> Groups => _groups;

    /// <summary>This replica's peering, when <see cref="ClusternetHubOptions.Peering"/> is set.</summary>
    public HubPeering? Peering { get; }

    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var (path, query) = RawTarget(context);
        if (path is "/healthz" or "/livez" or "/readyz")
        {
            // Probes carry no credentials; k8s.io/apiserver always allows these paths as well.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("ok", cancellationToken).ConfigureAwait(false);
            return;
        }

        if (path == PeerPath)
        {
            // Another hub replica's link: it authenticates with the peer token it published, not through the parent.
            if (Peering is null)
            {
                await HubStatus.NotFoundAsync(context, "hub peering is not enabled on this replica", cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await Peering.HandleAsync(context).ConfigureAwait(false);
            }

            return;
        }

        if (!IsClean(path))
        {
            // Dot segments and encoded separators are refused everywhere rather than normalised, so no path can mean
            // one thing to the authorizer and another to the handler.
            await HubStatus.BadRequestAsync(context, "the path must not contain '.' or '..' segments, encoded slashes or backslashes", cancellationToken).ConfigureAwait(false);
            return;
        }

        try
        {
            var user = await _authenticator.AuthenticateAsync(context, cancellationToken).ConfigureAwait(false);
            if (user is null)
            {
                await HubStatus.UnauthorizedAsync(context, cancellationToken).ConfigureAwait(false);
                return;
            }

            await RouteAsync(context, user, path, query, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            // A review or lookup on the parent failed: the hub cannot decide, so it says it is unavailable.
            HubLog.ReviewFailed(_logger, path, e);
            await HubStatus.ServiceUnavailableAsync(context, "the hub could not reach its parent cluster: " + e.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            HubLog.ReviewFailed(_logger, path, e);
            await HubStatus.ServiceUnavailableAsync(context, "the hub could not reach its parent cluster: " + e.Message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away.
        }
    }

    private async Task RouteAsync(HttpContext context, HubUser user, string path, string query, CancellationToken cancellationToken)
    {
        if (path is "/version" or "/apis" or "/apis/" + HubDiscovery.ProxiesGroup or HubDiscovery.ProxiesPrefix)
        {
            if (!await AuthorizeAsync(context, user, HubAccessRequest.NonResource(path), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var body = path switch
            {
                "/version" => _version,
                "/apis" => HubDiscovery.GroupList(_groups),
                HubDiscovery.ProxiesPrefix => _proxiesResources,
                _ => HubDiscovery.Serialize(HubDiscovery.Group(HubDiscovery.ProxiesGroup, HubDiscovery.ProxiesVersion)),
            };
            await WriteJsonAsync(context, body, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith(SocketsPrefix, StringComparison.Ordinal))
        {
            await SocketsAsync(context, user, path[SocketsPrefix.Length..], query, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var group in _groups)
        {
            if (path == "/apis/" + group.Group)
            {
                if (await AuthorizeAsync(context, user, HubAccessRequest.NonResource(path), cancellationToken).ConfigureAwait(false))
                {
                    await WriteJsonAsync(context, HubDiscovery.Serialize(HubDiscovery.Group(group.Group, group.Version)), cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            if (path == group.Prefix || path.StartsWith(group.Prefix + "/", StringComparison.Ordinal))
            {
                var rest = path[group.Prefix.Length..];
                if (await AuthorizeAsync(context, user, group.AccessRequestOf(context.Request.Method, rest, context.Request.Query), cancellationToken).ConfigureAwait(false))
                {
                    if (rest.Length == 0 || rest == "/")
                    {
                        await WriteJsonAsync(context, group.ResourceList(), cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await group.HandleAsync(context, rest, cancellationToken).ConfigureAwait(false);
                    }
                }

                return;
            }
        }

        await HubStatus.NotFoundAsync(context, "the server could not find the requested resource", cancellationToken).ConfigureAwait(false);
    }

    private async Task SocketsAsync(HttpContext context, HubUser user, string rest, string query, CancellationToken cancellationToken)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var rawId = slash < 0 ? rest : rest[..slash];
        var clusterId = Uri.UnescapeDataString(rawId);
        if (clusterId.Length == 0 || clusterId.Contains('/') || clusterId.Contains('\\') || clusterId is "." or "..")
        {
            await HubStatus.BadRequestAsync(context, "invalid cluster id", cancellationToken).ConfigureAwait(false);
            return;
        }

        var remainder = slash < 0 ? string.Empty : rest[slash..];
        if (remainder.Length == 0 || remainder == "/")
        {
            await TunnelAsync(context, user, clusterId, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (remainder != "/proxy" && !remainder.StartsWith("/proxy/", StringComparison.Ordinal))
        {
            await HubStatus.NotFoundAsync(context, "the server could not find the requested resource", cancellationToken).ConfigureAwait(false);
            return;
        }

        var access = new HubAccessRequest(HubAccessRequest.VerbOf(context.Request.Method), HubDiscovery.ProxiesGroup, HubDiscovery.ProxiesVersion, HubDiscovery.Sockets, "proxy", Name: clusterId);
        if (!await AuthorizeAsync(context, user, access, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var target = ProxyTarget.Parse(remainder["/proxy".Length..], query, out var error);
        if (target is null)
        {
            await HubStatus.BadRequestAsync(context, error!, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _proxy.ForwardAsync(context, user, clusterId, target, cancellationToken).ConfigureAwait(false);
    }

    private async Task TunnelAsync(HttpContext context, HubUser user, string clusterId, CancellationToken cancellationToken)
    {
        var access = new HubAccessRequest("get", HubDiscovery.ProxiesGroup, HubDiscovery.ProxiesVersion, HubDiscovery.Sockets, Name: clusterId);
        if (!await AuthorizeAsync(context, user, access, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        if (context.Features.Get<IHttpUpgradeFeature>() is not { IsUpgradableRequest: true })
        {
            await HubStatus.BadRequestAsync(context, $"sockets/{clusterId} accepts only the agent's WebSocket upgrade", cancellationToken).ConfigureAwait(false);
            return;
        }

        // Authorized above for exactly this id: RBAC with resourceNames keeps one cluster's credentials from holding another's session.
        await _tunnel.HandleAsync(context, (_, id, _) => ValueTask.FromResult(id == clusterId)).ConfigureAwait(false);
    }

    private async Task<bool> AuthorizeAsync(HttpContext context, HubUser user, HubAccessRequest request, CancellationToken cancellationToken)
    {
        var (allowed, reason) = await _authorizer.AuthorizeAsync(user, request, cancellationToken).ConfigureAwait(false);
        if (!allowed)
        {
            var message = request.ForbiddenMessage(user.Name, reason);
            HubLog.Refused(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, user.Name, message);
            await HubStatus.ForbiddenAsync(context, message, cancellationToken).ConfigureAwait(false);
        }

        return allowed;
    }

    private static async Task WriteJsonAsync(HttpContext context, byte[] body, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsClean(string path)
    {
        if (path.Contains('\\') || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains("%5c", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var segment in path.Split('/'))
        {
            var decoded = segment.Contains('%', StringComparison.Ordinal) ? Uri.UnescapeDataString(segment) : segment;
            if (decoded is "." or ".." || decoded.Any(char.IsControl))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The request target as the client sent it (still percent-encoded, dot segments intact), split into path and query.</summary>
    private static (string Path, string Query) RawTarget(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            raw = (context.Request.PathBase + context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();
        }

        var at = raw.IndexOf('?', StringComparison.Ordinal);
        return at < 0 ? (raw, string.Empty) : (raw[..at], raw[at..]);
    }
}
