using Clusternet.Redirection;

namespace Clusternet.Client.Tests.Redirection;

public sealed class SocketsProxyTests
{
    private const string Uuid = "dc91021d-2361-4f6d-a404-7c33b9e01118";

    [Theory]
    [InlineData(Uuid)]
    [InlineData("DC91021D-2361-4F6D-A404-7C33B9E01118")]
    [InlineData("c1")]
    [InlineData("cluster-a")]
    public void Uuids_and_dns_labels_are_cluster_ids(string id) =>
        Assert.EndsWith($"/sockets/{id}/proxy/direct", SocketsProxy.DirectPath(id));

    [Theory]
    [InlineData("")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("a..b/../c")]
    [InlineData("a%2Fb")]
    [InlineData("%2e%2e")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("Upper")]
    [InlineData("-a")]
    [InlineData("a.b")]
    [InlineData("a b")]
    public void Anything_else_is_refused(string id) => Assert.Throws<ArgumentException>(() => SocketsProxy.DirectPath(id));

    [Fact]
    public void A_label_longer_than_63_characters_is_refused() =>
        Assert.Throws<ArgumentException>(() => SocketsProxy.DirectPath(new string('a', 64)));

    [Fact]
    public void The_direct_url_is_the_parent_url_followed_by_the_proxy_path() =>
        Assert.Equal(
            $"https://hub.example:6443/apis/proxies.clusternet.io/v1alpha1/sockets/{Uuid}/proxy/direct",
            SocketsProxy.DirectUri(new Uri("https://hub.example:6443"), Uuid).ToString());

    [Fact]
    public void The_parent_path_prefix_is_kept_without_its_trailing_slashes() =>
        Assert.Equal(
            "https://h/abc/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct",
            SocketsProxy.DirectUri(new Uri("https://h/abc///"), "c1").ToString());

    [Theory]
    [InlineData("/api/v1/pods", "", "/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/api/v1/pods")]
    [InlineData("/abc/api/v1/pods", "/abc", "/abc/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/api/v1/pods")]
    [InlineData("/abc", "/abc", "/abc/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct")]
    [InlineData("/xyz", "/abc", "/abc/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/xyz")]
    [InlineData("/abcd/api", "/abc", "/abc/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/abcd/api")]
    [InlineData("/api/v1/namespaces/a%2Fb/pods", "", "/apis/proxies.clusternet.io/v1alpha1/sockets/c1/proxy/direct/api/v1/namespaces/a%2Fb/pods")]
    public void Redirect_inserts_the_proxy_path_after_the_parent_prefix(string path, string prefix, string expected)
    {
        var redirected = ClusterRedirection.Redirect(new Uri("https://h:1" + path + "?watch=true&labelSelector=a%3Db"), prefix, SocketsProxy.DirectPath("c1"));
        Assert.Equal(expected, redirected.AbsolutePath);
        Assert.Equal("?watch=true&labelSelector=a%3Db", redirected.Query);
        Assert.Equal("h:1", redirected.Authority);
    }
}
