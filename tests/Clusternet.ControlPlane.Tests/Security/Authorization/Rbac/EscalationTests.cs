using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

/// <summary>
/// erin may manage Roles and RoleBindings in ns3 and read ConfigMaps there; frank may as well, and holds
/// <c>escalate</c> on roles and <c>bind</c> on the ClusterRole cm-reader only.
/// </summary>
public sealed class EscalationTests(RbacServerFixture fixture) : IClassFixture<RbacServerFixture>, IAsyncLifetime
{
    private const string Rbac = "/apis/rbac.authorization.k8s.io/v1";

    public async Task InitializeAsync()
    {
        if ((await fixture.SendAsync(HttpMethod.Get, "/api/v1/namespaces/ns3")).Code == 200)
        {
            return;
        }

        await fixture.AdminCreateAsync("/api/v1/namespaces", Json("""{"metadata":{"name":"ns3"}}"""));
        await fixture.AdminCreateAsync($"{Rbac}/namespaces/ns3/roles", Json("""
            {"metadata":{"name":"role-manager"},"rules":[
              {"verbs":["create","update","get"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles","rolebindings"]},
              {"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"]}]}
            """));
        await fixture.AdminCreateAsync($"{Rbac}/namespaces/ns3/roles", Json("""
            {"metadata":{"name":"escalator"},"rules":[
              {"verbs":["escalate"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles"]},
              {"verbs":["bind"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["clusterroles"],"resourceNames":["cm-reader"]}]}
            """));
        await fixture.AdminCreateAsync($"{Rbac}/namespaces/ns3/rolebindings", Binding("managers", "Role", "role-manager", "erin", "frank"));
        await fixture.AdminCreateAsync($"{Rbac}/namespaces/ns3/rolebindings", Binding("escalators", "Role", "escalator", "frank"));
        await fixture.WaitUntilAsync("frank", "POST", $"{Rbac}/namespaces/ns3/roles", allowed: true, Role("probe", """{"verbs":["escalate"],"apiGroups":["rbac.authorization.k8s.io"],"resources":["roles"]}"""));
        await fixture.WaitUntilAsync("erin", "GET", "/api/v1/namespaces/ns3/configmaps", allowed: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ARoleWithPermissionsTheWriterHoldsIsCreated() =>
        Assert.Equal(201, (await fixture.SendAsAsync("erin", "POST", $"{Rbac}/namespaces/ns3/roles", Role("cm-get", """{"verbs":["get"],"apiGroups":[""],"resources":["configmaps"]}"""))).Code);

    [Fact]
    public async Task ARoleWithPermissionsTheWriterLacksIsRefusedWithTheMissingRules()
    {
        var (code, text) = await fixture.SendAsAsync("erin", "POST", $"{Rbac}/namespaces/ns3/roles", Role("too-much", """{"verbs":["get","delete"],"apiGroups":[""],"resources":["secrets","configmaps"]}"""));
        Assert.Equal(403, code);
        var status = JsonNode.Parse(text)!;
        Assert.Equal("Forbidden", status["reason"]!.GetValue<string>());
        Assert.Equal(
            "roles.rbac.authorization.k8s.io \"too-much\" is forbidden: user \"erin\" (groups=[\"system:authenticated\"]) is attempting to grant RBAC permissions not currently held:\n"
            + "{APIGroups:[\"\"], Resources:[\"configmaps\"], Verbs:[\"delete\"]}\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"delete\"]}",
            status["message"]!.GetValue<string>());
        Assert.Equal("roles", status["details"]!["kind"]!.GetValue<string>());
        Assert.Equal("rbac.authorization.k8s.io", status["details"]!["group"]!.GetValue<string>());
    }

    [Fact]
    public async Task EscalateOnRolesAllowsGrantingWhatTheWriterLacks() =>
        Assert.Equal(201, (await fixture.SendAsAsync("frank", "POST", $"{Rbac}/namespaces/ns3/roles", Role("secrets-admin", """{"verbs":["*"],"apiGroups":[""],"resources":["secrets"]}"""))).Code);

    [Fact]
    public async Task BindingARoleWhosePermissionsTheWriterLacksIsRefused()
    {
        var (code, text) = await fixture.SendAsAsync("erin", "POST", $"{Rbac}/namespaces/ns3/rolebindings", Binding("erin-cm-reader", "ClusterRole", "cm-reader", "someone"));
        Assert.Equal(403, code);
        Assert.EndsWith("not currently held:\n{APIGroups:[\"\"], Resources:[\"configmaps\"], Verbs:[\"watch\"]}", JsonNode.Parse(text)!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task BindingARoleWhosePermissionsTheWriterHoldsIsAllowed()
    {
        await fixture.AdminCreateAsync($"{Rbac}/namespaces/ns3/roles", Role("cm-lister", """{"verbs":["list"],"apiGroups":[""],"resources":["configmaps"]}"""));
        await fixture.WaitUntilAsync("erin", "POST", $"{Rbac}/namespaces/ns3/rolebindings", allowed: true, Binding("erin-lister", "Role", "cm-lister", "someone"));
    }

    [Fact]
    public async Task BindOnTheNamedRoleAllowsBindingIt() =>
        Assert.Equal(201, (await fixture.SendAsAsync("frank", "POST", $"{Rbac}/namespaces/ns3/rolebindings", Binding("frank-cm-reader", "ClusterRole", "cm-reader", "someone"))).Code);

    [Fact]
    public async Task BindOnOneRoleDoesNotAllowBindingAnother() =>
        Assert.Equal(403, (await fixture.SendAsAsync("frank", "POST", $"{Rbac}/namespaces/ns3/rolebindings", Binding("frank-named", "ClusterRole", "named-cm", "someone"))).Code);

    [Fact]
    public async Task BindingAMissingRoleIsNotFound() =>
        Assert.Equal(404, (await fixture.SendAsAsync("erin", "POST", $"{Rbac}/namespaces/ns3/rolebindings", Binding("ghost", "Role", "no-such-role", "someone"))).Code);

    [Fact]
    public async Task MastersMayGrantAnything() =>
        Assert.Equal(201, (await fixture.SendAsync(HttpMethod.Post, $"{Rbac}/clusterrolebindings", Binding("anyone-admin", "ClusterRole", "cluster-admin", "nobody-in-particular").ToJsonString())).Code);

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    private static JsonObject Role(string name, string rule) => Json($$"""{"metadata":{"name":"{{name}}"},"rules":[{{rule}}]}""");

    private static JsonObject Binding(string name, string roleKind, string roleName, params string[] users) =>
        Json($$"""
            {"metadata":{"name":"{{name}}"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"{{roleKind}}","name":"{{roleName}}"},
             "subjects":[{{string.Join(",", users.Select(u => $$"""{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"{{u}}"}"""))}}]}
            """);
}
