using Clusternet.Redirection;

namespace Clusternet.Client.Tests.Redirection;

/// <summary>The shadow rewrite against every row of upstream's mapping table and its edge cases.</summary>
public sealed class ShadowPathsTests
{
    [Theory]
    [InlineData("/api/v1/namespaces", "/apis/shadow/v1alpha1/namespaces")]
    [InlineData("/api/v1/namespaces/abc/serviceaccounts/x", "/apis/shadow/v1alpha1/namespaces/abc/serviceaccounts/x")]
    [InlineData("/apis/apps/v1/namespaces/abc/deployments", "/apis/shadow/v1alpha1/namespaces/abc/deployments")]
    [InlineData("/apis/samplecontroller.k8s.io/v1alpha1/foos", "/apis/shadow/v1alpha1/foos")]
    [InlineData("/apis/apps.clusternet.io/v1alpha1/namespaces/abc/subscriptions", "/apis/apps.clusternet.io/v1alpha1/namespaces/abc/subscriptions")]
    public void Upstream_table_rows_map_as_upstream_does(string original, string rewritten) =>
        Assert.Equal(rewritten, ShadowPaths.Rewrite(original, ""));

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis")]
    [InlineData("/api/v1")]
    [InlineData("/apis/apps/v1")]
    [InlineData("/version")]
    [InlineData("/openapi/v2")]
    public void Discovery_roots_are_left_alone(string path) => Assert.Equal(path, ShadowPaths.Rewrite(path, ""));

    [Fact]
    public void Host_prefix_is_removed_and_put_back_in_front() =>
        Assert.Equal("/abc/apis/shadow/v1alpha1/foos/x", ShadowPaths.Rewrite("/abc/api/v1/foos/x", "/abc"));

    [Fact]
    public void Host_prefix_stays_on_paths_that_are_not_rewritten() =>
        Assert.Equal("/abc/apis/apps.clusternet.io/v1alpha1/subscriptions", ShadowPaths.Rewrite("/abc/apis/apps.clusternet.io/v1alpha1/subscriptions", "/abc"));

    [Fact]
    public void A_grouped_call_under_a_host_prefix_keeps_the_prefix() =>
        Assert.Equal("/x/y/apis/shadow/v1alpha1/namespaces/n/deployments", ShadowPaths.Rewrite("/x/y/apis/apps/v1/namespaces/n/deployments", "/x/y"));

    [Theory]
    [InlineData("/apis/clusters.clusternet.io/v1beta1/managedclusters")]
    [InlineData("/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/api/v1/pods")]
    [InlineData("/apis/multicluster_x.clusternet.io/v1/things")]
    public void Single_label_clusternet_groups_are_exempt(string path) => Assert.Equal(path, ShadowPaths.Rewrite(path, ""));

    [Fact]
    public void A_dotted_clusternet_prefix_is_not_exempt() =>
        Assert.Equal("/apis/shadow/v1alpha1/things", ShadowPaths.Rewrite("/apis/a.b.clusternet.io/v1/things", ""));

    [Fact]
    public void A_namespace_starting_with_v_is_kept() =>
        Assert.Equal("/apis/shadow/v1alpha1/namespaces/vdemo/deployments/v1", ShadowPaths.Rewrite("/apis/apps/v1/namespaces/vdemo/deployments/v1", ""));

    [Theory]
    [InlineData("/api/v1/namespaces/", "/apis/shadow/v1alpha1/namespaces")]
    [InlineData("/api/v1/", "/apis/shadow/v1alpha1")]
    [InlineData("/apis/apps/v1/", "/apis/shadow/v1alpha1")]
    [InlineData("/api/v1//namespaces//a", "/apis/shadow/v1alpha1/namespaces/a")]
    public void Rewritten_paths_are_cleaned_like_go_path_join(string original, string rewritten) =>
        Assert.Equal(rewritten, ShadowPaths.Rewrite(original, ""));

    [Fact]
    public void Subresources_are_kept() =>
        Assert.Equal("/apis/shadow/v1alpha1/namespaces/a/deployments/d/scale", ShadowPaths.Rewrite("/apis/apps/v1/namespaces/a/deployments/d/scale", ""));

    [Fact]
    public void Review_apis_are_redirected_too() =>
        Assert.Equal("/apis/shadow/v1alpha1/selfsubjectaccessreviews", ShadowPaths.Rewrite("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", ""));

    [Fact]
    public void An_encoded_slash_stays_inside_its_segment() =>
        Assert.Equal("/apis/shadow/v1alpha1/namespaces/a%2Fb/configmaps", ShadowPaths.Rewrite("/api/v1/namespaces/a%2Fb/configmaps", ""));
}
