using Clusternet.Runtime.Hub;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>The SubjectAccessReview attributes the hub derives for requests to a mounted group (the shadow API).</summary>
public sealed class HubApiGroupTests
{
    private static readonly HubApiGroup Shadow = new("shadow", "v1alpha1", _ => Task.CompletedTask, (_, _, _) => Task.CompletedTask, () => []);

    [Theory]
    [InlineData("GET", "/namespaces/demo/deployments", "", "list", "demo", "deployments", null, null)]
    [InlineData("GET", "/namespaces/demo/deployments", "true", "watch", "demo", "deployments", null, null)]
    [InlineData("GET", "/namespaces/demo/deployments/web", "", "get", "demo", "deployments", "web", null)]
    [InlineData("PUT", "/namespaces/demo/deployments/web/status", "", "update", "demo", "deployments", "web", "status")]
    [InlineData("DELETE", "/namespaces/demo/deployments", "", "deletecollection", "demo", "deployments", null, null)]
    [InlineData("POST", "/clusterroles", "", "create", null, "clusterroles", null, null)]
    [InlineData("PATCH", "/namespaces/demo", "", "patch", null, "namespaces", "demo", null)]
    public void RequestAttributesFollowKubernetesRequestInfo(string method, string rest, string watch, string verb, string? ns, string resource, string? name, string? subresource)
    {
        var query = new QueryCollection(watch.Length == 0 ? [] : new Dictionary<string, StringValues> { ["watch"] = watch });
        var access = Shadow.AccessRequestOf(method, rest, query);
        Assert.Equal(new HubAccessRequest(verb, "shadow", "v1alpha1", resource, subresource, ns, name), access);
    }

    [Fact]
    public void DeniedShadowRequestIsWordedAsKubeApiserverWordsIt()
    {
        var access = Shadow.AccessRequestOf("GET", "/namespaces/demo/deployments/web", new QueryCollection());
        Assert.Equal(
            "deployments.shadow \"web\" is forbidden: User \"bob\" cannot get resource \"deployments\" in API group \"shadow\" in the namespace \"demo\"",
            access.ForbiddenMessage("bob", null));
    }
}
