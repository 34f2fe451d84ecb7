using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authorization;
using Clusternet.ControlPlane.Security.Impersonation;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>The stage on its own, with authorization off (everyone may impersonate), for what the wire does not show.</summary>
public sealed class ImpersonationStageTests
{
    private static readonly UserInfo Caller = UserInfo.Authenticated("caller", "c-1", ["staff"]);

    private static ImpersonationStage Stage => new(new AuthorizationChain([], enabled: false));

    [Fact]
    public async Task TheImpersonationHeadersAreGoneOnceTheUserIsSwitched()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Impersonate-User"] = "alice";
        context.Request.Headers["Impersonate-Group"] = new(["devs", "ops"]);
        context.Request.Headers["Impersonate-Uid"] = "u-1";
        context.Request.Headers["Impersonate-Extra-Scopes"] = "view";
        context.Request.Headers["Accept"] = "application/json";

        await Stage.ImpersonateAsync(context, Caller, CancellationToken.None);

        Assert.DoesNotContain(context.Request.Headers.Keys, k => k.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("application/json", context.Request.Headers.Accept.ToString());
    }

    [Fact]
    public async Task ARequestWithoutImpersonationKeepsTheCaller()
    {
        var user = await Stage.ImpersonateAsync(new DefaultHttpContext(), Caller, CancellationToken.None);

        Assert.Same(Caller, user);
    }

    [Fact]
    public async Task RepeatedGroupHeadersAreAllImpersonated()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Impersonate-User"] = "alice";
        context.Request.Headers["Impersonate-Group"] = new(["devs", "ops"]);

        var user = await Stage.ImpersonateAsync(context, Caller, CancellationToken.None);

        Assert.Equal(["devs", "ops", "system:authenticated"], user.Groups);
        Assert.Equal(string.Empty, user.Uid);
    }

    [Fact]
    public async Task RepeatedExtraValuesAreAllImpersonated()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Impersonate-User"] = "alice";
        context.Request.Headers["Impersonate-Extra-Scopes"] = new(["view", "edit"]);

        var user = await Stage.ImpersonateAsync(context, Caller, CancellationToken.None);

        Assert.Equal(["view", "edit"], user.Extra["scopes"]);
    }

    [Fact]
    public async Task AnExplicitUnauthenticatedGroupIsNotJoinedByAuthenticated()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Impersonate-User"] = "alice";
        context.Request.Headers["Impersonate-Group"] = "system:unauthenticated";

        var user = await Stage.ImpersonateAsync(context, Caller, CancellationToken.None);

        Assert.Equal(["system:unauthenticated"], user.Groups);
    }

    [Fact]
    public async Task AServiceAccountWithExplicitGroupsGetsOnlyThose()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers["Impersonate-User"] = "system:serviceaccount:ci:builder";
        context.Request.Headers["Impersonate-Group"] = "devs";

        var user = await Stage.ImpersonateAsync(context, Caller, CancellationToken.None);

        Assert.Equal(["devs", "system:authenticated"], user.Groups);
    }

    [Theory]
    [InlineData("system:serviceaccount:ci")]
    [InlineData("system:serviceaccount:ci:a:b")]
    [InlineData("system:serviceaccount:Bad_NS:builder")]
    public void AMalformedServiceAccountNameIsAnOrdinaryUser(string name)
    {
        Assert.Null(ImpersonationRequest.TrySplitServiceAccount(name));
        Assert.Equal("users", ImpersonationRequest.ForUser(name).Resource);
    }
}
