using System.Net;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// kube-aggregator's proxy stage, after authentication and authorization: a request for a group-version that an
/// <c>apiregistration.k8s.io/v1</c> APIService routes to a backend service is forwarded there with the front-proxy
/// client certificate and the caller's identity in <c>X-Remote-*</c> headers; everything else is served locally.
/// <c>/apis</c> and <c>/apis/&lt;group&gt;</c> merge the backends' groups into the local discovery documents.
/// </summary>
internal sealed class ApiAggregator : IDisposable
{
    // Watches and exec sessions may sit idle for long; the backend and the client decide when they end.
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        ActivityTimeout = TimeSpan.FromHours(24),
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        AllowResponseBuffering = false,
    };

    private readonly ServiceProvider forwarderServices;
    private readonly IHttpForwarder forwarder;
    private readonly MergedDiscovery discovery;

    /// <summary>Creates the aggregator; <see cref="StartAsync"/> loads the APIServices.</summary>
    public ApiAggregator(IObjectStore store, ResourceCatalog catalog, FrontProxy frontProxy, ILoggerFactory loggerFactory)
    {
        FrontProxy = frontProxy;
        Index = new ApiServiceIndex(store, loggerFactory.CreateLogger("Clusternet.ControlPlane.Aggregation"));
        Transport = new BackendTransport(frontProxy);
        Addresses = new BackendAddressCache(store, loggerFactory.CreateLogger("Clusternet.ControlPlane.Aggregation.Addresses"));
        Backends = new BackendDiscovery(Index, Transport, store, loggerFactory.CreateLogger("Clusternet.ControlPlane.Aggregation.Discovery"));
        discovery = new MergedDiscovery(catalog, Index, Backends);
        forwarderServices = new ServiceCollection().AddSingleton(loggerFactory).AddLogging().AddHttpForwarder().BuildServiceProvider();
        forwarder = forwarderServices.GetRequiredService<IHttpForwarder>();
    }

    /// <summary>The requestheader CA, client certificate and header names backends verify.</summary>
    public FrontProxy FrontProxy { get; }

    /// <summary>The APIServices as last seen.</summary>
    public ApiServiceIndex Index { get; }

    /// <summary>The pooled clients to backends.</summary>
    public BackendTransport Transport { get; }

    /// <summary>The backends' addresses, kept between requests.</summary>
    public BackendAddressCache Addresses { get; }

    /// <summary>The resource lists fetched from backends.</summary>
    public BackendDiscovery Backends { get; }

    /// <summary>Loads the stored APIServices, then follows them and the backends' discovery until <paramref name="stopping"/>.</summary>
    public async Task StartAsync(CancellationToken stopping)
    {
        await Index.StartAsync(stopping).ConfigureAwait(false);
        _ = Addresses.RunAsync(stopping);
        _ = Backends.RunAsync(stopping);
    }

    /// <summary>Forwards the request when an APIService with a service reference owns its group-version; false when it is served here.</summary>
    public async ValueTask<bool> TryProxyAsync(HttpContext context, string path, UserInfo user, CancellationToken cancellationToken)
    {
        var routes = Index.Current;
        if (routes.Remote.Count == 0 || !path.StartsWith("/apis", StringComparison.Ordinal))
        {
            return false;
        }

        if (path.Length == 5)
        {
            return await TryWriteRootAsync(context).ConfigureAwait(false);
        }

        if (path[5] != '/')
        {
            return false;
        }

        // /apis/<group>[/<version>[/...]]
        var rest = path.AsSpan(6);
        var slash = rest.IndexOf('/');
        var group = (slash < 0 ? rest : rest[..slash]).ToString();
        if (!routes.RemoteGroups.Contains(group))
        {
            return false;
        }

        if (slash < 0)
        {
            return await TryWriteGroupAsync(context, group).ConfigureAwait(false);
        }

        var afterGroup = rest[(slash + 1)..];
        var end = afterGroup.IndexOf('/');
        var version = (end < 0 ? afterGroup : afterGroup[..end]).ToString();
        if (routes.Find(group, version) is not { Service: { } service } route)
        {
            return false;
        }

        await ForwardAsync(context, route, service, user, cancellationToken).ConfigureAwait(false);
        return true;
    }

    public void Dispose()
    {
        Transport.Dispose();
        forwarderServices.Dispose();
    }

    private async Task ForwardAsync(HttpContext context, ApiServiceRoute route, ServiceReference service, UserInfo user, CancellationToken cancellationToken)
    {
        // kube-aggregator answers 503 while the availability controller has not found the backend Available.
        if (!route.Available)
        {
            throw Unavailable();
        }

        var address = await Addresses.ResolveAsync(service, cancellationToken).ConfigureAwait(false);
        if (address.Failure != BackendFailure.None)
        {
            throw Unavailable();
        }

        var body = context.Response.Body;
        var error = ForwarderError.Request;
        try
        {
            error = await forwarder.SendAsync(context, address.BaseUri, Transport.For(route), RequestConfig, new FrontProxyTransformer(user), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // A whole document may still be partly held (see CoalescedResponseBody); after a failed copy it is dropped.
            if (context.Response.Body is CoalescedResponseBody coalesced)
            {
                context.Response.Body = body;
                await coalesced.CompleteAsync(send: error == ForwarderError.None, cancellationToken).ConfigureAwait(false);
            }
        }

        if (error != ForwarderError.None && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            // The backend could not be reached or failed before answering: a Status, never a hang or an empty 502. Like
            // kube-aggregator's, its message says what went wrong.
            var cause = context.GetForwarderErrorFeature()?.Exception;
            context.Response.Clear();
            await StatusWriter.WriteAsync(context, (cause is null ? Unavailable() : Unreachable(cause)).Status).ConfigureAwait(false);
        }
    }

    private async Task<bool> TryWriteRootAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return false;
        }

        var negotiated = ResponseNegotiation.ForDiscovery(context.Request.Headers.Accept);
        await ObjectResponse.WriteAsync(context, discovery.Root(negotiated.Format), contentType: negotiated.ContentType).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> TryWriteGroupAsync(HttpContext context, string group)
    {
        if (!HttpMethods.IsGet(context.Request.Method) || discovery.Group(group) is not { } body)
        {
            return false;
        }

        await ObjectResponse.WriteAsync(context, body).ConfigureAwait(false);
        return true;
    }

    private static StatusException Unavailable() => StatusException.Create(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "service unavailable");

    private static StatusException Unreachable(Exception cause) =>
        StatusException.Create(
            StatusCodes.Status503ServiceUnavailable,
            "ServiceUnavailable",
            "error trying to reach service: " + cause.Message + (cause.InnerException is { } inner ? " (" + inner.Message + ")" : string.Empty));
}
