using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>
/// Impersonation over HTTPS: each Impersonate-* header needs the caller to be allowed <c>impersonate</c> on it, and the
/// request then acts as the impersonated user — seen here through a SelfSubjectAccessReview, which the test table
/// records together with the user it was evaluated as.
/// </summary>
public sealed class ImpersonationTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static string UniqueNamespace() => "imp-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AnAllowedUserIsWhomTheRequestActsAs()
    {
        var ns = UniqueNamespace();

        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, ns, ("Impersonate-User", "alice"));

        Assert.Equal(201, code);
        Assert.True(body["status"]!["allowed"]!.GetValue<bool>());
        var user = fixture.Table.LastFor("configmaps", ns)!.User;
        Assert.Equal("alice", user.Name);
        Assert.Equal(["system:authenticated"], user.Groups);
        Assert.Empty(user.Extra);
    }

    [Fact]
    public async Task AUserTheCallerMayNotImpersonateIsForbiddenWithUpstreamsMessage()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-User", "bob"));

        Assert.Equal(403, code);
        Assert.Equal("Forbidden", body["reason"]!.GetValue<string>());
        Assert.Equal(
            "users \"bob\" is forbidden: User \"impersonator\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
            body["message"]!.GetValue<string>());
        Assert.Equal("users", body["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("bob", body["details"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task ACallerWithoutImpersonatePermissionIsForbidden()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.MalloryToken, UniqueNamespace(), ("Impersonate-User", "alice"));

        Assert.Equal(403, code);
        Assert.Equal(
            "users \"alice\" is forbidden: User \"mallory\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAllowedGroupReplacesTheGroupsAndKeepsAuthenticated()
    {
        var ns = UniqueNamespace();

        var (code, _) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, ns, ("Impersonate-User", "alice"), ("Impersonate-Group", "devs"));

        Assert.Equal(201, code);
        Assert.Equal(["devs", "system:authenticated"], fixture.Table.LastFor("configmaps", ns)!.User.Groups);
    }

    [Fact]
    public async Task AGroupTheCallerMayNotImpersonateIsForbidden()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(
            AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-User", "alice"), ("Impersonate-Group", "admins"));

        Assert.Equal(403, code);
        Assert.Equal(
            "groups \"admins\" is forbidden: User \"impersonator\" cannot impersonate resource \"groups\" in API group \"\" at the cluster scope",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AnAllowedUidIsTheUsersUid()
    {
        var ns = UniqueNamespace();

        var (code, _) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, ns, ("Impersonate-User", "alice"), ("Impersonate-Uid", "u-1"));

        Assert.Equal(201, code);
        Assert.Equal("u-1", fixture.Table.LastFor("configmaps", ns)!.User.Uid);
    }

    [Fact]
    public async Task AUidTheCallerMayNotImpersonateIsForbiddenInTheAuthenticationGroup()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-User", "alice"), ("Impersonate-Uid", "u-2"));

        Assert.Equal(403, code);
        Assert.Equal(
            "uids.authentication.k8s.io \"u-2\" is forbidden: User \"impersonator\" cannot impersonate resource \"uids\" in API group \"authentication.k8s.io\" at the cluster scope",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExtraKeysAreLowerCasedAndPercentDecoded()
    {
        var ns = UniqueNamespace();

        var (code, _) = await fixture.CanCreateConfigMapsAsync(
            AccessFixture.ImpersonatorToken, ns, ("Impersonate-User", "alice"), ("Impersonate-Extra-Scopes", "view"), ("Impersonate-Extra-Example.com%2FTeam", "blue"));

        Assert.Equal(201, code);
        var extra = fixture.Table.LastFor("configmaps", ns)!.User.Extra;
        Assert.Equal(["view"], extra["scopes"]);
        Assert.Equal(["blue"], extra["example.com/team"]);
    }

    [Fact]
    public async Task AnExtraValueTheCallerMayNotImpersonateIsForbiddenOnTheKeySubresource()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(
            AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-User", "alice"), ("Impersonate-Extra-Scopes", "edit"));

        Assert.Equal(403, code);
        Assert.Equal(
            "userextras.authentication.k8s.io \"edit\" is forbidden: User \"impersonator\" cannot impersonate resource \"userextras/scopes\" in API group \"authentication.k8s.io\" at the cluster scope",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task AServiceAccountUserIsCheckedAsTheServiceAccountAndGetsItsGroups()
    {
        var ns = UniqueNamespace();

        var (code, _) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, ns, ("Impersonate-User", "system:serviceaccount:ci:builder"));

        Assert.Equal(201, code);
        var user = fixture.Table.LastFor("configmaps", ns)!.User;
        Assert.Equal("system:serviceaccount:ci:builder", user.Name);
        Assert.Equal(["system:serviceaccounts", "system:serviceaccounts:ci", "system:authenticated"], user.Groups);
    }

    [Fact]
    public async Task AServiceAccountTheCallerMayNotImpersonateIsForbiddenInItsNamespace()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-User", "system:serviceaccount:ci:deployer"));

        Assert.Equal(403, code);
        Assert.Equal(
            "serviceaccounts \"deployer\" is forbidden: User \"impersonator\" cannot impersonate resource \"serviceaccounts\" in API group \"\" in the namespace \"ci\"",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ImpersonatingAnonymousGivesTheUnauthenticatedGroup()
    {
        var ns = UniqueNamespace();

        var (code, _) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, ns, ("Impersonate-User", "system:anonymous"));

        // Anonymous is not in system:authenticated, so the table does not even let it create the review.
        Assert.Equal(403, code);
        var review = fixture.Table.Seen.Last(a => a.Resource == "selfsubjectaccessreviews" && a.User.Name == "system:anonymous");
        Assert.Equal(["system:unauthenticated"], review.User.Groups);
    }

    [Fact]
    public async Task GroupsWithoutAUserAreAnInternalErrorAsUpstreamAnswers()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-Group", "devs"));

        Assert.Equal(500, code);
        Assert.Equal("InternalError", body["reason"]!.GetValue<string>());
        Assert.Equal("Internal error occurred: requested [{Group  devs    }] without impersonating a user", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ExtraWithoutAUserIsRefused()
    {
        var (code, body) = await fixture.CanCreateConfigMapsAsync(AccessFixture.ImpersonatorToken, UniqueNamespace(), ("Impersonate-Extra-Scopes", "view"));

        Assert.Equal(500, code);
        Assert.EndsWith("without impersonating a user", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheImpersonatedUserIsAuthorizedForTheRequestItself()
    {
        // The impersonator may impersonate alice but not create SubjectAccessReviews; alice may not either.
        var (code, body) = await fixture.SendAsAsync(
            AccessFixture.ImpersonatorToken,
            HttpMethod.Post,
            "/apis/authorization.k8s.io/v1/subjectaccessreviews",
            """{"spec":{"user":"bob","resourceAttributes":{"verb":"get","resource":"pods"}}}""",
            ("Impersonate-User", "alice"));

        Assert.Equal(403, code);
        Assert.StartsWith("subjectaccessreviews.authorization.k8s.io is forbidden: User \"alice\" cannot create", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
