using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Authorization.Rbac;

/// <summary>
/// One RBAC policy and the requests checked against it, both in process (through the authorizer) and over HTTPS
/// (through the server): who asks, the HTTP method and path, and whether RBAC allows it.
/// </summary>
public static class RbacCases
{
    /// <summary>The users of the cases: name and groups (a static token per user in the server tests).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Users = new Dictionary<string, string[]>
    {
        ["alice"] = [],
        ["bob"] = ["devs"],
        ["carol"] = [],
        ["dave"] = [],
        ["system:serviceaccount:ns1:robot"] = ["system:serviceaccounts", "system:serviceaccounts:ns1"],
    };

    /// <summary>
    /// The roles and bindings, as the API takes them; namespaced ones live in ns1. The server fixture waits for the
    /// last ClusterRoleBinding and the last RoleBinding to take effect, so keep those last.
    /// </summary>
    public static IReadOnlyList<(string Resource, JsonObject Object)> Policy() =>
    [
        ("clusterroles", ClusterRole("cm-reader", Rule(["get", "list", "watch"], [""], ["configmaps"]))),
        ("clusterroles", ClusterRole("named-cm", Rule(["get", "update"], [""], ["configmaps"], ["allowed"]))),
        ("clusterroles", ClusterRole("urls", new JsonObject { ["verbs"] = Array("get"), ["nonResourceURLs"] = Array("/custom/*", "/exact") })),
        ("clusterroles", ClusterRole("subresources", Rule(["get"], ["apps"], ["deployments/status", "*/scale"]), Rule(["get"], ["apps"], ["replicasets/*"]))),
        ("roles", Role("secret-writer", Rule(["create", "delete"], [""], ["secrets"]))),
        // A ServiceAccount subject without a namespace in a ClusterRoleBinding matches nobody.
        ("clusterrolebindings", Binding("ClusterRoleBinding", null, "robot-nowhere", "ClusterRole", "cluster-admin", Subject("ServiceAccount", "robot"))),
        ("clusterrolebindings", Binding("ClusterRoleBinding", null, "alice-cm-reader", "ClusterRole", "cm-reader", Subject("User", "alice"))),
        ("clusterrolebindings", Binding("ClusterRoleBinding", null, "carol-urls", "ClusterRole", "urls", Subject("User", "carol"))),
        ("clusterrolebindings", Binding("ClusterRoleBinding", null, "carol-subresources", "ClusterRole", "subresources", Subject("User", "carol"))),
        ("rolebindings", Binding("RoleBinding", "ns1", "dave-dangling", "ClusterRole", "missing", Subject("User", "dave"))),
        ("rolebindings", Binding("RoleBinding", "ns1", "devs-named", "ClusterRole", "named-cm", Subject("Group", "devs"))),
        // In a RoleBinding the ServiceAccount's namespace defaults to the binding's.
        ("rolebindings", Binding("RoleBinding", "ns1", "robot-secrets", "Role", "secret-writer", Subject("ServiceAccount", "robot"))),
    ];

    /// <summary>user, method, path, allowed.</summary>
    public static TheoryData<string, string, string, bool> Requests { get; } = new()
    {
        { "alice", "GET", "/api/v1/namespaces/ns1/configmaps/x", true },
        { "alice", "GET", "/api/v1/namespaces/ns2/configmaps", true },
        { "alice", "GET", "/api/v1/configmaps", true },
        { "alice", "GET", "/api/v1/namespaces/ns1/configmaps?watch=true", true },
        { "alice", "DELETE", "/api/v1/namespaces/ns1/configmaps/x", false },
        { "alice", "GET", "/api/v1/namespaces/ns1/secrets/x", false },
        { "alice", "GET", "/apis/apps/v1/namespaces/ns1/deployments/x", false },
        { "bob", "GET", "/api/v1/namespaces/ns1/configmaps/allowed", true },
        { "bob", "PUT", "/api/v1/namespaces/ns1/configmaps/allowed", true },
        { "bob", "GET", "/api/v1/namespaces/ns1/configmaps/other", false },
        { "bob", "GET", "/api/v1/namespaces/ns1/configmaps", false },
        { "bob", "POST", "/api/v1/namespaces/ns1/configmaps", false },
        { "bob", "GET", "/api/v1/namespaces/ns2/configmaps/allowed", false },
        { "system:serviceaccount:ns1:robot", "POST", "/api/v1/namespaces/ns1/secrets", true },
        { "system:serviceaccount:ns1:robot", "DELETE", "/api/v1/namespaces/ns1/secrets/s", true },
        { "system:serviceaccount:ns1:robot", "POST", "/api/v1/namespaces/ns2/secrets", false },
        { "system:serviceaccount:ns1:robot", "GET", "/api/v1/namespaces/ns1/secrets/s", false },
        { "system:serviceaccount:ns1:robot", "GET", "/api/v1/namespaces", false },
        { "carol", "GET", "/custom/a/b", true },
        { "carol", "GET", "/exact", true },
        { "carol", "POST", "/exact", false },
        { "carol", "GET", "/exact/more", false },
        { "carol", "GET", "/custom", false },
        { "carol", "GET", "/apis/apps/v1/namespaces/ns1/deployments/d/status", true },
        { "carol", "GET", "/apis/apps/v1/namespaces/ns1/deployments/d/scale", true },
        { "carol", "GET", "/apis/apps/v1/namespaces/ns1/statefulsets/s/scale", true },
        { "carol", "GET", "/apis/apps/v1/namespaces/ns1/deployments/d", false },
        // "resource/*" is not a wildcard upstream: it matches only a subresource literally named "*".
        { "carol", "GET", "/apis/apps/v1/namespaces/ns1/replicasets/r/status", false },
        { "dave", "GET", "/api/v1/namespaces/ns1/configmaps", false },
    };

    private static JsonObject Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null)
    {
        var rule = new JsonObject { ["verbs"] = Array(verbs), ["apiGroups"] = Array(groups), ["resources"] = Array(resources) };
        if (names is not null)
        {
            rule["resourceNames"] = Array(names);
        }

        return rule;
    }

    private static JsonArray Array(params string[] values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static JsonObject ClusterRole(string name, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRole",
        ["metadata"] = new JsonObject { ["name"] = name },
        ["rules"] = new JsonArray([.. rules]),
    };

    private static JsonObject Role(string name, params JsonObject[] rules) => new()
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "Role",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "ns1" },
        ["rules"] = new JsonArray([.. rules]),
    };

    private static JsonObject Subject(string kind, string name) =>
        kind == "ServiceAccount" ? new() { ["kind"] = kind, ["name"] = name } : new() { ["kind"] = kind, ["name"] = name, ["apiGroup"] = "rbac.authorization.k8s.io" };

    private static JsonObject Binding(string kind, string? ns, string name, string roleKind, string roleName, params JsonObject[] subjects)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ns is not null)
        {
            metadata["namespace"] = ns;
        }

        return new()
        {
            ["apiVersion"] = "rbac.authorization.k8s.io/v1",
            ["kind"] = kind,
            ["metadata"] = metadata,
            ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = roleKind, ["name"] = roleName },
            ["subjects"] = new JsonArray([.. subjects]),
        };
    }
}
