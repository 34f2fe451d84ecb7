using System.Net;
using Clusternet.Known;
using Clusternet.Runtime.Tunnel;
using k8s;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Serves <c>{ANY} /apis/proxies.clusternet.io/v1alpha1/sockets/&lt;id&gt;/proxy/...</c>: finds the child cluster,
/// chooses the route (tunnel, or direct when the cluster does not use one) and the credential, and forwards with
/// YARP — bodies streamed both ways, watches unbuffered, WebSocket and SPDY upgrades spliced.
/// </summary>
internal sealed class SocketProxy
{
    private readonly Kubernetes _parent;
    private readonly RemoteDialerServer _tunnel;
    private readonly IHttpForwarder _forwarder;
    private readonly ChildHttpClients _clients;
    private readonly ClusternetHubOptions _options;
    private readonly ILogger _logger;
    private readonly ReviewCache<ChildCluster?> _clusters;

    public SocketProxy(Kubernetes parent, RemoteDialerServer tunnel, IHttpForwarder forwarder, ChildHttpClients clients, ClusternetHubOptions options, ILogger logger)
    {
        _parent = parent;
        _tunnel = tunnel;
        _forwarder = forwarder;
        _clients = clients;
        _options = options;
        _logger = logger;

        // Cluster records change rarely (registration, status reports); a few seconds of staleness saves the parent
        // two reads per proxied request.
        _clusters = new ReviewCache<ChildCluster?>(options.TimeProvider, TimeSpan.FromSeconds(5));
    }

    public async Task ForwardAsync(HttpContext context, HubUser user, string clusterId, ProxyTarget target, CancellationToken cancellationToken)
    {
        var cluster = await _clusters.GetOrReviewAsync(clusterId, token => ChildCluster.LookUpAsync(_parent, clusterId, token), cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            await HubStatus.NotFoundAsync(context, $"no cluster id is {clusterId}", cancellationToken).ConfigureAwait(false);
            return;
        }

        // An explicit scheme/host names an address in the agent's network, so it is always dialled through the tunnel.
        var viaTunnel = !target.Direct || cluster.UseSocket || !_options.AllowDirectProxy;
        if (viaTunnel && !_tunnel.HasSession(clusterId))
        {
            await HubStatus.ServiceUnavailableAsync(context, $"cannot proxy through cluster {clusterId}, whose agent is not connected", cancellationToken).ConfigureAwait(false);
            return;
        }

        Uri destination;
        if (target.Direct)
        {
            if (cluster.ApiServerUrl is null)
            {
                await HubStatus.ServiceUnavailableAsync(context, $"cluster {clusterId} has not reported its API server URL", cancellationToken).ConfigureAwait(false);
                return;
            }

            destination = target.Resolve(cluster.ApiServerUrl);
        }
        else
        {
            destination = target.Resolve(new Uri(target.Scheme + "://" + target.Authority + "/"));
        }

        ChildCredential? credential;
        try
        {
            credential = ChildCredential.FromCallerExtras(user);
        }
        catch (FormatException e)
        {
            await HubStatus.BadRequestAsync(context, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (credential is null)
        {
            var refusal = PassthroughRefusal(user, cluster, target);
            if (refusal is not null)
            {
                await HubStatus.ForbiddenAsync(context, refusal, cancellationToken).ConfigureAwait(false);
                return;
            }

            credential = new ChildCredential(cluster.Token, null, Passthrough(user));
        }

        // The registered CA identifies the child's API server; any other address is not covered by it.
        var caPem = target.Direct ? cluster.CaPem : null;
        var client = _clients.Get(clusterId, viaTunnel, caPem, credential.ClientCertificate);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            // The child enforces its own limits; the hub only streams.
            bodySize.MaxRequestBodySize = null;
        }

        var longRunning = IsLongRunning(context.Request);
        var config = new ForwarderRequestConfig
        {
            ActivityTimeout = upgrade || longRunning ? _options.ProxyIdleTimeout : _options.ProxyResponseTimeout,
            Version = upgrade ? HttpVersion.Version11 : HttpVersion.Version20,
            VersionPolicy = upgrade ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
        };
        var error = await _forwarder.SendAsync(context, destination.GetLeftPart(UriPartial.Authority), client, config, new ChildProxyTransformer(destination, credential, longRunning && !upgrade)).ConfigureAwait(false);
        if (error != ForwarderError.None)
        {
            await ReportAsync(context, clusterId, error, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Why identity passthrough cannot serve this request, or null when it can. It needs registered credentials, and
    /// is limited to the child's API server (the registered token must never go to an arbitrary address) and to
    /// ordinary users: <c>system:</c> users (service accounts, nodes, anonymous) name principals of the parent that
    /// mean something else in the child.
    /// </summary>
    private string? PassthroughRefusal(HubUser user, ChildCluster cluster, ProxyTarget target)
    {
        var prefix = $"cannot proxy to cluster {cluster.ClusterId} without child credentials: ";
        if (!_options.IdentityPassthrough)
        {
            return prefix + "identity passthrough is disabled on this hub";
        }

        if (!target.Direct)
        {
            return prefix + "identity passthrough reaches only the cluster's API server (proxy/direct)";
        }

        if (cluster.Token is null)
        {
            return prefix + $"the cluster has no registered credentials (Secret {cluster.Namespace}/child-cluster-deployer)";
        }

        if (user.Name == ClusternetHeaders.ProxyUser)
        {
            // Everyone may impersonate the shared proxy user upstream; passing it through would hand its child rights to all.
            return prefix + $"user \"{user.Name}\" is the shared proxy identity and must bring child credentials";
        }

        if (user.Name.StartsWith("system:", StringComparison.Ordinal))
        {
            return prefix + $"user \"{user.Name}\" is a system identity, which is not passed through";
        }

        return null;
    }

    /// <summary>The identity impersonated in the child: the user, its extras, and its groups other than <c>system:</c> ones (a parent's <c>system:masters</c> must not become the child's).</summary>
    private static HubUser Passthrough(HubUser user) =>
        user with { Groups = [.. user.Groups.Where(g => !g.StartsWith("system:", StringComparison.Ordinal))] };

    private static bool IsLongRunning(HttpRequest request)
    {
        var query = request.Query;
        if (query["watch"] is { Count: > 0 } watch && (watch[0] == "true" || watch[0] == "1"))
        {
            return true;
        }

        if (query["follow"] is { Count: > 0 } follow && follow[0] == "true")
        {
            return true;
        }

        var path = request.Path.Value ?? string.Empty;
        return path.Contains("/watch/", StringComparison.Ordinal)
            || path.EndsWith("/exec", StringComparison.Ordinal) || path.EndsWith("/attach", StringComparison.Ordinal)
            || path.EndsWith("/portforward", StringComparison.Ordinal) || path.Contains("/proxy/", StringComparison.Ordinal) && path.LastIndexOf("/proxy/", StringComparison.Ordinal) > path.IndexOf("/proxy/", StringComparison.Ordinal);
    }

    private async Task ReportAsync(HttpContext context, string clusterId, ForwarderError error, CancellationToken cancellationToken)
    {
        var exception = context.GetForwarderErrorFeature()?.Exception;
        HubLog.ProxyFailed(_logger, clusterId, error.ToString(), exception);
        if (context.Response.HasStarted)
        {
            // Mid-stream: YARP has already reset the stream so the client sees an error, not a clean end.
            return;
        }

        if (Find<TunnelSessionNotFoundException>(exception) is not null)
        {
            await HubStatus.ServiceUnavailableAsync(context, $"cannot proxy through cluster {clusterId}, whose agent is not connected", cancellationToken).ConfigureAwait(false);
        }
        else if (error is ForwarderError.RequestTimedOut)
        {
            await HubStatus.GatewayTimeoutAsync(context, $"cluster {clusterId} did not answer in time", cancellationToken).ConfigureAwait(false);
        }
        else if (error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.ResponseBodyCanceled or ForwarderError.UpgradeRequestCanceled)
        {
            // The caller went away; nobody is listening.
        }
        else
        {
            await HubStatus.BadGatewayAsync(context, $"error trying to reach cluster {clusterId}: {exception?.Message ?? error.ToString()}", cancellationToken).ConfigureAwait(false);
        }
    }

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}
