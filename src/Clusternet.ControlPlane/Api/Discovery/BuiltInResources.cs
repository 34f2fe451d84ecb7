namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// The built-in kinds the embedded server serves, with the names, scopes, verbs, categories and subresources
/// kube-apiserver 1.32 advertises for them (what <c>kubectl api-resources -o wide</c> lists against a 1.32 cluster).
/// </summary>
public static class BuiltInResources
{
    /// <summary>The verbs of an ordinary stored resource.</summary>
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    // Namespaces are deleted one by one (the namespace lifecycle must finalize each), so no deletecollection.
    private static readonly IReadOnlyList<string> NamespaceVerbs = ["create", "delete", "get", "list", "patch", "update", "watch"];
    private static readonly IReadOnlyList<string> CreateOnly = ["create"];
    private static readonly IReadOnlyList<string> ReadWrite = ["get", "patch", "update"];
    private static readonly IReadOnlyList<string> Connect = ["create", "get"];
    private static readonly IReadOnlyList<string> Proxy = ["create", "delete", "get", "patch", "update"];
    private static readonly IReadOnlyList<string> All = ["all"];
    private static readonly IReadOnlyList<string> ApiExtensions = ["api-extensions"];

    /// <summary>Every built-in resource, printer columns included.</summary>
    public static IReadOnlyList<ServedResource> Create() =>
    [
        .. Core(),
        .. Apps(),
        .. Batch(),
        Stored("events.k8s.io", "events", "event", "Event") with { ShortNames = ["ev"] },
        Stored("coordination.k8s.io", "leases", "lease", "Lease"),
        Stored("discovery.k8s.io", "endpointslices", "endpointslice", "EndpointSlice"),
        Stored("apiextensions.k8s.io", "customresourcedefinitions", "customresourcedefinition", "CustomResourceDefinition", namespaced: false)
            with { ShortNames = ["crd", "crds"], Categories = ApiExtensions, Subresources = [Status("CustomResourceDefinition")] },
        Stored("apiregistration.k8s.io", "apiservices", "apiservice", "APIService", namespaced: false)
            with { Categories = ApiExtensions, Subresources = [Status("APIService")] },
        Stored("rbac.authorization.k8s.io", "roles", "role", "Role"),
        Stored("rbac.authorization.k8s.io", "rolebindings", "rolebinding", "RoleBinding"),
        Stored("rbac.authorization.k8s.io", "clusterroles", "clusterrole", "ClusterRole", namespaced: false),
        Stored("rbac.authorization.k8s.io", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", namespaced: false),
        Review("authentication.k8s.io", "tokenreviews", "tokenreview", "TokenReview"),
        Review("authentication.k8s.io", "selfsubjectreviews", "selfsubjectreview", "SelfSubjectReview"),
        Review("authorization.k8s.io", "subjectaccessreviews", "subjectaccessreview", "SubjectAccessReview"),
        Review("authorization.k8s.io", "selfsubjectaccessreviews", "selfsubjectaccessreview", "SelfSubjectAccessReview"),
        Review("authorization.k8s.io", "selfsubjectrulesreviews", "selfsubjectrulesreview", "SelfSubjectRulesReview"),
        Review("authorization.k8s.io", "localsubjectaccessreviews", "localsubjectaccessreview", "LocalSubjectAccessReview") with { Namespaced = true },
    ];

    private static IEnumerable<ServedResource> Core()
    {
        yield return Stored("", "namespaces", "namespace", "Namespace", namespaced: false) with
        {
            Verbs = NamespaceVerbs,
            ShortNames = ["ns"],
            Subresources = [new ServedSubresource("finalize", "Namespace", ["update"]), Status("Namespace")],
        };
        yield return Stored("", "configmaps", "configmap", "ConfigMap") with { ShortNames = ["cm"] };
        yield return Stored("", "secrets", "secret", "Secret");
        yield return Stored("", "serviceaccounts", "serviceaccount", "ServiceAccount") with
        {
            ShortNames = ["sa"],
            Subresources = [new ServedSubresource("token", "TokenRequest", CreateOnly, "authentication.k8s.io", "v1")],
        };
        yield return Stored("", "services", "service", "Service") with
        {
            ShortNames = ["svc"],
            Categories = All,
            Subresources = [new ServedSubresource("proxy", "ServiceProxyOptions", Proxy), Status("Service")],
        };
        yield return Stored("", "endpoints", "endpoints", "Endpoints") with { ShortNames = ["ep"] };
        yield return Stored("", "nodes", "node", "Node", namespaced: false) with
        {
            ShortNames = ["no"],
            Subresources = [new ServedSubresource("proxy", "NodeProxyOptions", Proxy), Status("Node")],
        };
        yield return Stored("", "pods", "pod", "Pod") with
        {
            ShortNames = ["po"],
            Categories = All,
            Subresources =
            [
                new ServedSubresource("attach", "PodAttachOptions", Connect),
                new ServedSubresource("binding", "Binding", CreateOnly),
                new ServedSubresource("ephemeralcontainers", "Pod", ReadWrite),
                new ServedSubresource("eviction", "Eviction", CreateOnly, "policy", "v1"),
                new ServedSubresource("exec", "PodExecOptions", Connect),
                new ServedSubresource("log", "Pod", ["get"]),
                new ServedSubresource("portforward", "PodPortForwardOptions", Connect),
                new ServedSubresource("proxy", "PodProxyOptions", Proxy),
                Status("Pod"),
            ],
        };
        yield return Stored("", "events", "event", "Event") with { ShortNames = ["ev"] };
    }

    private static IEnumerable<ServedResource> Apps()
    {
        yield return Stored("apps", "deployments", "deployment", "Deployment") with { ShortNames = ["deploy"], Categories = All, Subresources = [Scale(), Status("Deployment")] };
        yield return Stored("apps", "replicasets", "replicaset", "ReplicaSet") with { ShortNames = ["rs"], Categories = All, Subresources = [Scale(), Status("ReplicaSet")] };
        yield return Stored("apps", "statefulsets", "statefulset", "StatefulSet") with { ShortNames = ["sts"], Categories = All, Subresources = [Scale(), Status("StatefulSet")] };
        yield return Stored("apps", "daemonsets", "daemonset", "DaemonSet") with { ShortNames = ["ds"], Categories = All, Subresources = [Status("DaemonSet")] };
    }

    private static IEnumerable<ServedResource> Batch()
    {
        yield return Stored("batch", "jobs", "job", "Job") with { Categories = All, Subresources = [Status("Job")] };
        yield return Stored("batch", "cronjobs", "cronjob", "CronJob") with { ShortNames = ["cj"], Categories = All, Subresources = [Status("CronJob")] };
    }

    private static ServedResource Stored(string group, string resource, string singular, string kind, bool namespaced = true) =>
        new(group, "v1", resource, singular, kind, namespaced, AllVerbs) { PrinterColumns = BuiltInPrinters.ColumnsFor(group, resource) };

    // Review kinds are evaluated, never stored: create is their only verb and they have no table.
    private static ServedResource Review(string group, string resource, string singular, string kind) =>
        new(group, "v1", resource, singular, kind, false, CreateOnly);

    private static ServedSubresource Status(string kind) => new("status", kind, ReadWrite);

    private static ServedSubresource Scale() => new("scale", "Scale", ReadWrite, "autoscaling", "v1");
}
