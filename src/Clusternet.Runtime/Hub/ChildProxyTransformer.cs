using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// Shapes the request the hub sends to a child: the exact target URL, none of the caller's credentials or identity
/// headers (<c>Authorization</c>, <c>Impersonate-*</c>, <c>X-Remote-*</c>), and then the hub's chosen credential —
/// the caller's child token, or the registered token plus <c>Impersonate-User</c>/<c>-Group</c>/<c>-Extra-*</c>
/// for the parent identity.
/// </summary>
internal sealed class ChildProxyTransformer : HttpTransformer
{
    private readonly Uri _target;
    private readonly ChildCredential _credential;
    private readonly bool _sendHeadersAtOnce;

    /// <param name="target">The exact URL to request from the child.</param>
    /// <param name="credential">What to present to the child.</param>
    /// <param name="sendHeadersAtOnce">Send the response headers before the first body byte (watches, log follows).</param>
    public ChildProxyTransformer(Uri target, ChildCredential credential, bool sendHeadersAtOnce)
    {
        _target = target;
        _credential = credential;
        _sendHeadersAtOnce = sendHeadersAtOnce;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proceed = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);

        // YARP holds the headers back until the first body byte. A watch on a quiet collection may have no byte to send
        // for minutes, while its client (client-go's Watch, an informer) waits for the headers before it goes on, as
        // Go's proxy, which flushes every 200 ms, lets it.
        if (proceed && _sendHeadersAtOnce && proxyResponse is { IsSuccessStatusCode: true })
        {
            await httpContext.Response.StartAsync(cancellationToken).ConfigureAwait(false);
            await httpContext.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return proceed;
    }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.RequestUri = _target;
        proxyRequest.Headers.Host = null;
        proxyRequest.Headers.Remove("Authorization");

        // The names come from the incoming request (a cheap dictionary walk): enumerating the outgoing HttpHeaders
        // instead would parse every header value on every proxied request.
        foreach (var name in httpContext.Request.Headers.Keys)
        {
            if (name.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)
                || name.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase))
            {
                proxyRequest.Headers.Remove(name);
            }
        }

        if (_credential.BearerToken is { } token)
        {
            proxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (_credential.Impersonate is { } user)
        {
            proxyRequest.Headers.TryAddWithoutValidation("Impersonate-User", user.Name);
            foreach (var group in user.Groups)
            {
                proxyRequest.Headers.TryAddWithoutValidation("Impersonate-Group", group);
            }

            foreach (var (key, values) in user.Extras)
            {
                // Extra keys travel percent-encoded in header names, as client-go writes them.
                proxyRequest.Headers.TryAddWithoutValidation("Impersonate-Extra-" + Uri.EscapeDataString(key), values);
            }
        }
    }
}
