using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// The default ClusterRoles and ClusterRoleBindings, with kube-apiserver's rules for them: the user-facing roles
/// (cluster-admin, and admin/edit/view filled by aggregation), discovery and public info for everyone, the review
/// APIs for authenticated users, and what node-style bootstrap needs (CSR creation and auto-approval roles bound the
/// way kubeadm binds them). Controller and node roles of kube-controller-manager and the kubelet are left out: nothing
/// here runs them.
/// </summary>
internal static class BootstrapPolicy
{
    public const string AutoUpdateAnnotation = "rbac.authorization.kubernetes.io/autoupdate";
    public const string BootstrappingLabel = "kubernetes.io/bootstrapping";

    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] Write = ["create", "delete", "deletecollection", "patch", "update"];
    private static readonly string[] ReadWrite = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The default ClusterRoles, each a fresh object.</summary>
    public static IReadOnlyList<JsonObject> ClusterRoles() =>
    [
        Role("cluster-admin", [R(["*"], ["*"], ["*"]), PolicyRule.ForUrls(["*"], ["*"])]),
        Aggregated("admin", "admin"),
        Aggregated("edit", "edit", aggregateTo: "admin"),
        Aggregated("view", "view", aggregateTo: "edit"),
        Role("system:aggregate-to-admin", AggregateToAdmin, aggregateTo: "admin"),
        Role("system:aggregate-to-edit", AggregateToEdit, aggregateTo: "edit"),
        Role("system:aggregate-to-view", AggregateToView, aggregateTo: "view"),
        Role("system:basic-user",
        [
            R(["create"], ["authorization.k8s.io"], ["selfsubjectaccessreviews", "selfsubjectrulesreviews"]),
            R(["create"], ["authentication.k8s.io"], ["selfsubjectreviews"]),
        ]),
        Role("system:discovery",
            [PolicyRule.ForUrls(["get"], ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"])]),
        Role("system:public-info-viewer", [PolicyRule.ForUrls(["get"], ["/healthz", "/livez", "/readyz", "/version", "/version/"])]),
        Role("system:auth-delegator",
        [
            R(["create"], ["authentication.k8s.io"], ["tokenreviews"]),
            R(["create"], ["authorization.k8s.io"], ["subjectaccessreviews"]),
        ]),
        Role("system:node-bootstrapper", [R(["create", "get", "list", "watch"], ["certificates.k8s.io"], ["certificatesigningrequests"])]),
        Role("system:certificates.k8s.io:certificatesigningrequests:nodeclient", [R(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/nodeclient"])]),
        Role("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", [R(["create"], ["certificates.k8s.io"], ["certificatesigningrequests/selfnodeclient"])]),
    ];

    /// <summary>The default ClusterRoleBindings, each a fresh object.</summary>
    public static IReadOnlyList<JsonObject> ClusterRoleBindings() =>
    [
        Binding("cluster-admin", "cluster-admin", "system:masters"),
        Binding("system:basic-user", "system:basic-user", "system:authenticated"),
        Binding("system:discovery", "system:discovery", "system:authenticated"),
        Binding("system:public-info-viewer", "system:public-info-viewer", "system:authenticated", "system:unauthenticated"),
        // kubeadm's bootstrap bindings: bootstrap-token users may file CSRs and get client certificates auto-approved,
        // nodes may renew their own.
        Binding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper", "system:bootstrappers"),
        Binding("kubeadm:node-autoapprove-bootstrap", "system:certificates.k8s.io:certificatesigningrequests:nodeclient", "system:bootstrappers"),
        Binding("kubeadm:node-autoapprove-certificate-rotation", "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", "system:nodes"),
    ];

    private static PolicyRule[] AggregateToAdmin =>
    [
        R(["create"], ["authorization.k8s.io"], ["localsubjectaccessreviews"]),
        R(ReadWrite, [RbacPolicyIndex.Group], ["rolebindings", "roles"]),
    ];

    private static PolicyRule[] AggregateToEdit =>
    [
        R(Read, [""], ["pods/attach", "pods/exec", "pods/portforward", "pods/proxy", "secrets", "services/proxy"]),
        R(["impersonate"], [""], ["serviceaccounts"]),
        R(Write, [""], ["pods", "pods/attach", "pods/exec", "pods/portforward", "pods/proxy"]),
        R(["create"], [""], ["pods/eviction"]),
        R(Write, [""], ["configmaps", "events", "persistentvolumeclaims", "replicationcontrollers", "replicationcontrollers/scale", "secrets", "serviceaccounts", "services", "services/proxy"]),
        R(["create"], [""], ["serviceaccounts/token"]),
        R(Write, ["apps"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "replicasets", "replicasets/scale", "statefulsets", "statefulsets/scale"]),
        R(Write, ["autoscaling"], ["horizontalpodautoscalers"]),
        R(Write, ["batch"], ["cronjobs", "jobs"]),
        R(Write, ["extensions"], ["daemonsets", "deployments", "deployments/rollback", "deployments/scale", "ingresses", "networkpolicies", "replicasets", "replicasets/scale", "replicationcontrollers/scale"]),
        R(Write, ["policy"], ["poddisruptionbudgets"]),
        R(Write, ["networking.k8s.io"], ["ingresses", "networkpolicies"]),
        R(ReadWrite, ["coordination.k8s.io"], ["leases"]),
    ];

    private static PolicyRule[] AggregateToView =>
    [
        R(Read, [""], ["configmaps", "endpoints", "persistentvolumeclaims", "persistentvolumeclaims/status", "pods", "replicationcontrollers", "replicationcontrollers/scale", "serviceaccounts", "services", "services/status"]),
        R(Read, [""], ["bindings", "events", "limitranges", "namespaces/status", "pods/log", "pods/status", "replicationcontrollers/status", "resourcequotas", "resourcequotas/status"]),
        R(Read, [""], ["namespaces"]),
        R(Read, ["discovery.k8s.io"], ["endpointslices"]),
        R(Read, ["apps"], ["controllerrevisions", "daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "replicasets", "replicasets/scale", "replicasets/status", "statefulsets", "statefulsets/scale", "statefulsets/status"]),
        R(Read, ["autoscaling"], ["horizontalpodautoscalers", "horizontalpodautoscalers/status"]),
        R(Read, ["batch"], ["cronjobs", "cronjobs/status", "jobs", "jobs/status"]),
        R(Read, ["extensions"], ["daemonsets", "daemonsets/status", "deployments", "deployments/scale", "deployments/status", "ingresses", "ingresses/status", "networkpolicies", "replicasets", "replicasets/scale", "replicasets/status", "replicationcontrollers/scale"]),
        R(Read, ["policy"], ["poddisruptionbudgets", "poddisruptionbudgets/status"]),
        R(Read, ["networking.k8s.io"], ["ingresses", "ingresses/status", "networkpolicies"]),
    ];

    private static PolicyRule R(string[] verbs, string[] groups, string[] resources) => PolicyRule.ForResources(verbs, groups, resources);

    private static JsonObject Role(string name, PolicyRule[] rules, string? aggregateTo = null)
    {
        var role = New("ClusterRole", name, aggregateTo);
        role["rules"] = new JsonArray([.. rules.Select(r => (JsonNode)r.ToJson())]);
        return role;
    }

    // admin, edit and view carry no rules of their own: the aggregation controller gathers them from the ClusterRoles
    // labelled rbac.authorization.k8s.io/aggregate-to-<name>: "true".
    private static JsonObject Aggregated(string name, string gathers, string? aggregateTo = null)
    {
        var role = New("ClusterRole", name, aggregateTo);
        role["aggregationRule"] = new JsonObject
        {
            ["clusterRoleSelectors"] = new JsonArray(new JsonObject
            {
                ["matchLabels"] = new JsonObject { [$"rbac.authorization.k8s.io/aggregate-to-{gathers}"] = "true" },
            }),
        };
        return role;
    }

    private static JsonObject Binding(string name, string clusterRole, params string[] groups)
    {
        var binding = New("ClusterRoleBinding", name, null);
        binding["roleRef"] = new JsonObject { ["apiGroup"] = RbacPolicyIndex.Group, ["kind"] = "ClusterRole", ["name"] = clusterRole };
        binding["subjects"] = new JsonArray([.. groups.Select(g => (JsonNode)new JsonObject { ["apiGroup"] = RbacPolicyIndex.Group, ["kind"] = "Group", ["name"] = g })]);
        return binding;
    }

    private static JsonObject New(string kind, string name, string? aggregateTo)
    {
        var labels = new JsonObject { [BootstrappingLabel] = "rbac-defaults" };
        if (aggregateTo is not null)
        {
            labels[$"rbac.authorization.k8s.io/aggregate-to-{aggregateTo}"] = "true";
        }

        return new JsonObject
        {
            ["apiVersion"] = RbacPolicyIndex.Group + "/v1",
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["labels"] = labels,
                ["annotations"] = new JsonObject { [AutoUpdateAnnotation] = "true" },
            },
        };
    }
}
