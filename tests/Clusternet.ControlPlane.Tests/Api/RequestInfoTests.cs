using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Tests.Api;

/// <summary>What kube-apiserver's request-info resolver reads from a URL, for authorization and routing.</summary>
public sealed class RequestInfoTests
{
    [Theory]
    [InlineData("GET", "/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/api/v1/namespaces", "get", "sockets", "c1", "proxy", "direct/api/v1/namespaces")]
    [InlineData("POST", "/api/v1/namespaces/ns/pods/p/proxy/healthz", "create", "pods", "p", "proxy", "healthz")]
    [InlineData("PUT", "/api/v1/namespaces/ns/configmaps/c/status", "update", "configmaps", "c", "status", null)]
    [InlineData("DELETE", "/api/v1/namespaces/ns/configmaps/c", "delete", "configmaps", "c", null, null)]
    public void AConnectSubresourcesPathStaysAResourceRequestOnTheSubresource(string method, string path, string verb, string resource, string name, string? subresource, string? subpath)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;

        var info = Clusternet.ControlPlane.Api.RequestInfo.Parse(context.Request);

        Assert.NotNull(info);
        Assert.Equal((verb, resource, name, subresource, subpath), (info.Verb, info.Resource, info.Name, info.Subresource, info.Subpath));
    }
}
