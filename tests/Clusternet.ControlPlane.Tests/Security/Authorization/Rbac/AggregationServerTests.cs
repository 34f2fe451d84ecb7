using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

public sealed class AggregationServerTests(RbacServerFixture fixture) : IClassFixture<RbacServerFixture>
{
    [Fact]
    public async Task ViewEditAndAdminAreFilledThroughTheAggregationChain()
    {
        var admin = await WaitForRuleAsync("admin", r => Has(r, "resources", "deployments") && Has(r, "verbs", "list"));
        Assert.Contains(admin, r => Has(r, "resources", "rolebindings") && Has(r, "verbs", "create"));
        Assert.Contains(admin, r => Has(r, "resources", "secrets") && Has(r, "verbs", "delete"));
    }

    [Fact]
    public async Task AClusterRoleLabelledAggregateToViewAddsItsRulesToView()
    {
        await fixture.AdminCreateAsync(
            "/apis/rbac.authorization.k8s.io/v1/clusterroles",
            JsonNode.Parse("""{"metadata":{"name":"widgets-view","labels":{"rbac.authorization.k8s.io/aggregate-to-view":"true"}},"rules":[{"verbs":["get"],"apiGroups":["example.com"],"resources":["widgets"]}]}""")!.AsObject());
        await WaitForRuleAsync("view", r => Has(r, "resources", "widgets"));
        await WaitForRuleAsync("admin", r => Has(r, "resources", "widgets"));
    }

    private static bool Has(JsonNode? rule, string field, string value) =>
        rule?[field] is JsonArray values && values.Any(v => v?.GetValue<string>() == value);

    private async Task<JsonArray> WaitForRuleAsync(string role, Func<JsonNode?, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var (_, body) = await fixture.SendAsync(HttpMethod.Get, "/apis/rbac.authorization.k8s.io/v1/clusterroles/" + role);
            if (body["rules"] is JsonArray rules && rules.Any(match))
            {
                return rules;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{role} never got the rule: {body}");
            await Task.Delay(20);
        }
    }
}
