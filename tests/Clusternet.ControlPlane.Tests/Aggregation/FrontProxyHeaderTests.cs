using Clusternet.ControlPlane.Aggregation;
using Clusternet.ControlPlane.Security;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>The identity headers put on a forwarded request.</summary>
public sealed class FrontProxyHeaderTests
{
    [Fact]
    public void ImpersonationAndCallerCredentialsAreRemoved()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://backend/");
        request.Headers.TryAddWithoutValidation("Impersonate-User", "root");
        request.Headers.TryAddWithoutValidation("Impersonate-Extra-Scopes", "all");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer secret");
        request.Headers.TryAddWithoutValidation("x-remote-user", "mallory");

        FrontProxy.SetIdentity(request.Headers, UserInfo.Authenticated("alice", string.Empty, []));

        Assert.DoesNotContain(request.Headers, h => h.Key.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase));
        Assert.False(request.Headers.Contains("Authorization"));
        Assert.Equal(["alice"], request.Headers.GetValues("X-Remote-User"));
    }

    [Theory]
    [InlineData("scopes", "scopes")]
    [InlineData("example.org/key", "example.org%2Fkey")]
    [InlineData("100%", "100%25")]
    [InlineData("clusternet-token", "clusternet-token")]
    public void ExtraKeysArePercentEncodedLikeClientGo(string key, string escaped) =>
        Assert.Equal(escaped, FrontProxy.EscapeExtraKey(key));

    [Fact]
    public void EachGroupGoesOutOnItsOwnHeaderLine()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://backend/");
        FrontProxy.SetIdentity(request.Headers, UserInfo.Authenticated("alice", string.Empty, ["a", "b, c"]));
        var head = "GET / HTTP/1.1\r\n" + string.Concat(request.Headers.Select(h => $"{h.Key}: {string.Join(", ", h.Value)}\r\n")) + "\r\n";

        var written = System.Text.Encoding.ASCII.GetString(RepeatedHeaderLines.Rewrite(System.Text.Encoding.ASCII.GetBytes(head)).Span);

        var groups = written.Split("\r\n").Where(l => l.StartsWith("X-Remote-Group: ", StringComparison.Ordinal)).Select(l => l["X-Remote-Group: ".Length..]).ToList();
        Assert.Equal(["a", "b, c", "system:authenticated"], groups);
        Assert.Equal(head.Length, written.Length);
    }
}
