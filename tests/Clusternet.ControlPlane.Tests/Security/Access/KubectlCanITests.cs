using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Hosting.Kubectl;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>
/// <c>kubectl auth can-i</c> with kubectl 1.27 and 1.32: a yes exits 0 and a no exits 1 (SelfSubjectAccessReview),
/// <c>--as</c> impersonates, <c>--list</c> prints the rules (SelfSubjectRulesReview).
/// </summary>
public sealed class KubectlCanITests(AccessKubectlPlanes planes) : IClassFixture<AccessKubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task TheAdminCanCreateConfigMaps(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);

        var (code, output) = await kubectl.RunAsync("auth", "can-i", "create", "configmaps");

        Assert.True(code == 0, output);
        Assert.Equal("yes", output.Trim());
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task AnImpersonatedUserWithThePermissionCan(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);

        var (code, output) = await kubectl.RunAsync("auth", "can-i", "create", "configmaps", "--as", "alice");

        Assert.True(code == 0, output);
        Assert.Equal("yes", output.Trim());
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task AnImpersonatedUserWithoutThePermissionCannot(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);

        var (code, output) = await kubectl.RunAsync("auth", "can-i", "create", "configmaps", "--as", "bob");

        Assert.True(code == 1, output);
        Assert.StartsWith("no", output.Trim(), StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ImpersonatedGroupsCount(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);

        var (code, output) = await kubectl.RunAsync("auth", "can-i", "delete", "pods", "-n", "team", "--as", "bob", "--as-group", "devs", "--as-group", "oncall");

        Assert.True(code == 0, output);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ACallerNotAllowedToImpersonateIsRefused(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);

        var (code, output) = await kubectl.RunAsync("auth", "can-i", "create", "configmaps", "--as", "alice", "--token", AccessFixture.MalloryToken);

        Assert.NotEqual(0, code);
        Assert.Contains("User \"mallory\" cannot impersonate resource \"users\" in API group \"\" at the cluster scope", output, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ListPrintsTheRulesOfTheImpersonatedUser(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);

        var output = await kubectl.SucceedAsync("auth", "can-i", "--list", "--as", "alice", "-n", "team");

        Assert.Matches(@"(?m)^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs\s*$", output);
        Assert.Matches(@"(?m)^configmaps\s+\[\]\s+\[\]\s+\[create\]\s*$", output);
        Assert.Matches(@"(?m)^pods\s+\[\]\s+\[\]\s+\[list\]\s*$", output);
    }
}

/// <summary>Like <see cref="KubectlPlanes"/>, with the access tests' permission table and tokens.</summary>
public sealed class AccessKubectlPlanes : KubectlPlanes
{
    protected override ControlPlaneOptions CreateOptions(string directory, ServerVersion version) => new()
    {
        DataDirectory = directory,
        Version = version,
        Security = new ControlPlaneSecurityOptions
        {
            Tokens = Tables.Tokens,
            AuthorizersForTesting = [Tables.Create()],
        },
    };
}
