using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Authorization;
using Clusternet.ControlPlane.Security.Authorization.Rbac;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

public sealed class RbacAuthorizerTests
{
    private readonly RbacAuthorizer rbac = Load(RbacCases.Policy());

    [Theory]
    [MemberData(nameof(RbacCases.Requests), MemberType = typeof(RbacCases))]
    public void DecidesAsKubeRbacDoes(string user, string method, string path, bool allowed)
    {
        var decision = rbac.Decide(Attributes(user, method, path));
        Assert.Equal(allowed ? AuthorizationDecisionKind.Allow : AuthorizationDecisionKind.NoOpinion, decision.Kind);
    }

    [Fact]
    public void AnAllowNamesTheClusterRoleBindingRoleAndSubject()
    {
        var decision = rbac.Decide(Attributes("alice", "GET", "/api/v1/namespaces/ns1/configmaps"));
        Assert.Equal("RBAC: allowed by ClusterRoleBinding \"alice-cm-reader\" of ClusterRole \"cm-reader\" to User \"alice\"", decision.Reason);
    }

    [Fact]
    public void AnAllowByRoleBindingNamesItWithItsNamespace()
    {
        var decision = rbac.Decide(Attributes("bob", "GET", "/api/v1/namespaces/ns1/configmaps/allowed"));
        Assert.Equal("RBAC: allowed by RoleBinding \"devs-named/ns1\" of ClusterRole \"named-cm\" to Group \"devs\"", decision.Reason);
    }

    [Fact]
    public void AServiceAccountSubjectIsDescribedWithItsDefaultedNamespace()
    {
        var decision = rbac.Decide(Attributes("system:serviceaccount:ns1:robot", "POST", "/api/v1/namespaces/ns1/secrets"));
        Assert.Equal("RBAC: allowed by RoleBinding \"robot-secrets/ns1\" of Role \"secret-writer\" to ServiceAccount \"robot/ns1\"", decision.Reason);
    }

    [Fact]
    public void NoOpinionHasAnEmptyReason() =>
        Assert.Equal(string.Empty, rbac.Decide(Attributes("alice", "DELETE", "/api/v1/namespaces/ns1/configmaps/x")).Reason);

    [Fact]
    public void ABindingToAMissingRoleIsReportedInTheReason() =>
        Assert.Equal(
            "RBAC: clusterrole.rbac.authorization.k8s.io \"missing\" not found",
            rbac.Decide(Attributes("dave", "GET", "/api/v1/namespaces/ns1/configmaps")).Reason);

    [Fact]
    public void ARoleCreatedAfterItsBindingStartsToGrant()
    {
        rbac.Index.Upsert(RbacResources.ClusterRoles, Json("""{"metadata":{"name":"missing"},"rules":[{"verbs":["list"],"apiGroups":[""],"resources":["configmaps"]}]}"""));
        Assert.Equal(AuthorizationDecisionKind.Allow, rbac.Decide(Attributes("dave", "GET", "/api/v1/namespaces/ns1/configmaps")).Kind);
    }

    [Fact]
    public void ADeletedBindingStopsGranting()
    {
        rbac.Index.Remove(RbacResources.ClusterRoleBindings, null, "alice-cm-reader");
        Assert.Equal(AuthorizationDecisionKind.NoOpinion, rbac.Decide(Attributes("alice", "GET", "/api/v1/namespaces/ns1/configmaps")).Kind);
    }

    [Fact]
    public void AChangedBindingGrantsOnlyToItsNewSubjects()
    {
        rbac.Index.Upsert(RbacResources.ClusterRoleBindings, Json("""{"metadata":{"name":"alice-cm-reader"},"roleRef":{"kind":"ClusterRole","name":"cm-reader"},"subjects":[{"kind":"User","name":"carol"}]}"""));
        Assert.Equal(AuthorizationDecisionKind.NoOpinion, rbac.Decide(Attributes("alice", "GET", "/api/v1/namespaces/ns1/configmaps")).Kind);
        Assert.Equal(AuthorizationDecisionKind.Allow, rbac.Decide(Attributes("carol", "GET", "/api/v1/namespaces/ns1/configmaps")).Kind);
    }

    [Fact]
    public async Task RulesForIncludesClusterWideAndNamespaceRules()
    {
        var rules = await rbac.RulesForAsync(User("bob"), "ns1", CancellationToken.None);
        Assert.Contains(rules.ResourceRules, r => r.ResourceNames.SequenceEqual(["allowed"]));
        Assert.False(rules.Incomplete);
        var elsewhere = await rbac.RulesForAsync(User("bob"), "ns2", CancellationToken.None);
        Assert.Empty(elsewhere.ResourceRules);
    }

    [Fact]
    public async Task RulesForIsIncompleteWhenARoleIsMissing()
    {
        var rules = await rbac.RulesForAsync(User("dave"), "ns1", CancellationToken.None);
        Assert.True(rules.Incomplete);
        Assert.Equal("clusterrole.rbac.authorization.k8s.io \"missing\" not found", rules.EvaluationError);
    }

    internal static RbacAuthorizer Load(IEnumerable<(string Resource, JsonObject Object)> objects)
    {
        var index = new RbacPolicyIndex();
        foreach (var (resource, obj) in objects)
        {
            index.Upsert(resource + ".rbac.authorization.k8s.io", obj);
        }

        return new RbacAuthorizer(index);
    }

    internal static UserInfo User(string name) => UserInfo.Authenticated(name, string.Empty, RbacCases.Users.TryGetValue(name, out var groups) ? groups : []);

    // The attributes the server derives from the request, through the same parser.
    internal static AuthorizationAttributes Attributes(string user, string method, string pathAndQuery)
    {
        var context = new DefaultHttpContext();
        var question = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        context.Request.Method = method;
        context.Request.Path = question < 0 ? pathAndQuery : pathAndQuery[..question];
        context.Request.QueryString = question < 0 ? QueryString.Empty : new QueryString(pathAndQuery[question..]);
        var info = RequestInfo.Parse(context.Request);
        var path = context.Request.Path.Value!.TrimEnd('/');
        return info is null ? AuthorizationAttributes.ForNonResource(User(user), method, path) : AuthorizationAttributes.ForResource(User(user), info, path);
    }

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
