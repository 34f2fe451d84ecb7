using Clusternet.ControlPlane.Security;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// Shapes one forwarded request: everything the caller sent, minus its credentials, impersonation and identity headers,
/// plus the identity the pipeline established in <c>X-Remote-*</c>. The Host header is the backend's address, as the
/// URL says. A whole document (not a watch or other stream) goes back to the caller in pieces of up to 64 KiB, see
/// <see cref="CoalescedResponseBody"/>.
/// </summary>
internal sealed class FrontProxyTransformer(UserInfo user) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
        proxyRequest.Headers.Host = null;
        FrontProxy.SetIdentity(proxyRequest.Headers, user);
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var proxyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
        if (proxyBody && proxyResponse is not null && CoalescedResponseBody.Suits(httpContext.Request, proxyResponse))
        {
            // The forwarder copies into whatever Response.Body is when the copy starts; ApiAggregator completes it.
            httpContext.Response.Body = new CoalescedResponseBody(httpContext.Response.Body);
            return proxyBody;
        }

        // A watch may send its headers and then nothing until the first event; clients (KubernetesClient, client-go)
        // wait for the headers, so send them now rather than with the first body bytes, as upstream's periodic flush
        // does. Not for 101: the upgrade must still be able to take over the connection.
        if (proxyBody && proxyResponse is { StatusCode: not System.Net.HttpStatusCode.SwitchingProtocols } && proxyResponse.Content.Headers.ContentLength is null)
        {
            await httpContext.Response.StartAsync(cancellationToken).ConfigureAwait(false);
            await httpContext.Response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        return proxyBody;
    }
}
