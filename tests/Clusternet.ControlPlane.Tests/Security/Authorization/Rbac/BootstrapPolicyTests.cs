using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Security.Authorization.Rbac;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

public sealed class BootstrapPolicyTests
{
    private static readonly StorageKey Discovery = new("clusterroles.rbac.authorization.k8s.io", null, "system:discovery");
    private static readonly StorageKey PublicInfo = new("clusterrolebindings.rbac.authorization.k8s.io", null, "system:public-info-viewer");

    [Fact]
    public async Task CreatesTheDefaultsLabelledAndAnnotatedForAutoUpdate()
    {
        await using var store = new InMemoryObjectStore();
        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        var admin = (await store.GetAsync(new StorageKey("clusterroles.rbac.authorization.k8s.io", null, "admin")))!;
        Assert.Equal("rbac-defaults", admin["metadata"]!["labels"]!["kubernetes.io/bootstrapping"]!.GetValue<string>());
        Assert.Equal("true", admin["metadata"]!["annotations"]!["rbac.authorization.kubernetes.io/autoupdate"]!.GetValue<string>());
        Assert.Equal("true", admin["aggregationRule"]!["clusterRoleSelectors"]![0]!["matchLabels"]!["rbac.authorization.k8s.io/aggregate-to-admin"]!.GetValue<string>());
        var masters = (await store.GetAsync(new StorageKey("clusterrolebindings.rbac.authorization.k8s.io", null, "cluster-admin")))!;
        Assert.Equal("system:masters", masters["subjects"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task RestoresRemovedRulesAndKeepsAddedOnes()
    {
        await using var store = new InMemoryObjectStore();
        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        await store.GuaranteedUpdateAsync(Discovery, current =>
        {
            current!["rules"] = JsonNode.Parse("""[{"verbs":["get"],"nonResourceURLs":["/extra"]}]""");
            return current;
        });

        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        var rules = PolicyRule.ListFromJson((await store.GetAsync(Discovery))!);
        Assert.Contains(rules, r => r.NonResourceUrls.Contains("/extra"));
        Assert.Contains(rules, r => r.NonResourceUrls.Contains("/apis/*"));
    }

    [Fact]
    public async Task LeavesARoleAnnotatedAutoUpdateFalseAlone()
    {
        await using var store = new InMemoryObjectStore();
        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        await store.GuaranteedUpdateAsync(Discovery, current =>
        {
            current!["rules"] = new JsonArray();
            current["metadata"]!["annotations"]!["rbac.authorization.kubernetes.io/autoupdate"] = "false";
            return current;
        });

        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        Assert.Empty(PolicyRule.ListFromJson((await store.GetAsync(Discovery))!));
    }

    [Fact]
    public async Task RestoresARemovedSubject()
    {
        await using var store = new InMemoryObjectStore();
        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        await store.GuaranteedUpdateAsync(PublicInfo, current =>
        {
            current!["subjects"] = JsonNode.Parse("""[{"kind":"Group","name":"system:authenticated"}]""");
            return current;
        });

        await BootstrapPolicyReconciler.ReconcileAsync(store, TimeProvider.System, CancellationToken.None);
        var subjects = (await store.GetAsync(PublicInfo))!["subjects"]!.AsArray().Select(s => s!["name"]!.GetValue<string>());
        Assert.Equal(["system:authenticated", "system:unauthenticated"], subjects);
    }

    [Fact]
    public void AggregationGathersTheRulesOfMatchingRolesInNameOrderOnce()
    {
        var role = new k8s.Models.V1ClusterRole
        {
            Metadata = new() { Name = "agg" },
            AggregationRule = new() { ClusterRoleSelectors = [new() { MatchLabels = new Dictionary<string, string> { ["x"] = "true" } }] },
        };
        k8s.Models.V1PolicyRule Rule(string resource) => new() { Verbs = ["get"], ApiGroups = [""], Resources = [resource] };
        var b = new k8s.Models.V1ClusterRole { Metadata = new() { Name = "b", Labels = new Dictionary<string, string> { ["x"] = "true" } }, Rules = [Rule("pods"), Rule("secrets")] };
        var a = new k8s.Models.V1ClusterRole { Metadata = new() { Name = "a", Labels = new Dictionary<string, string> { ["x"] = "true" } }, Rules = [Rule("secrets")] };
        var other = new k8s.Models.V1ClusterRole { Metadata = new() { Name = "c" }, Rules = [Rule("nodes")] };
        var rules = ClusterRoleAggregationController.Aggregate(role, [role, b, a, other]);
        Assert.Equal(["secrets", "pods"], rules.Select(r => r.Resources.Single()));
    }
}
