using System.Collections.Frozen;

namespace Clusternet.ControlPlane.Patching;

/// <summary>How strategic merge patch treats one field: merge a list (by a key, or as a set of primitives), or replace a map whole.</summary>
/// <param name="Replace">The field is replaced whole (<c>patchStrategy:"replace"</c>); otherwise it is merged.</param>
/// <param name="MergeKey">For a merged list of objects, the member that identifies an item; null for a list of primitives.</param>
internal readonly record struct FieldStrategy(bool Replace, string? MergeKey);

/// <summary>
/// The patch strategies of the built-in kinds the control plane serves, keyed by the dotted path of the field from
/// the object's root (list items add no segment: <c>spec.template.spec.containers.env</c>).
/// </summary>
/// <remarks>
/// The facts are the <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags of k8s.io/api. A list not in a kind's
/// table is atomic (the patch replaces it: tolerations, EndpointSlice endpoints, Endpoints subsets, RBAC rules); a map
/// not in it merges. Merge keys are single fields as in the tags: container ports merge by <c>containerPort</c> and
/// Service ports by <c>port</c> alone, as kube-apiserver does, although their list-map keys include the protocol.
/// </remarks>
internal static class PatchStrategyTable
{
    private static readonly FrozenDictionary<(string Group, string Kind), FrozenDictionary<string, FieldStrategy>> Kinds = Build();

    /// <summary>The strategies of <paramref name="kind"/> in <paramref name="group"/>, or null when it is not a built-in kind.</summary>
    public static FrozenDictionary<string, FieldStrategy>? For(string group, string kind) =>
        Kinds.TryGetValue((group, kind), out var fields) ? fields : null;

    private static FrozenDictionary<(string, string), FrozenDictionary<string, FieldStrategy>> Build()
    {
        var kinds = new Dictionary<(string, string), FrozenDictionary<string, FieldStrategy>>();

        void Add(string group, string kind, Action<Dictionary<string, FieldStrategy>>? fields = null)
        {
            var table = new Dictionary<string, FieldStrategy>(StringComparer.Ordinal)
            {
                ["metadata.finalizers"] = new(false, null),
                ["metadata.ownerReferences"] = new(false, "uid"),
            };
            fields?.Invoke(table);
            kinds.Add((group, kind), table.ToFrozenDictionary(StringComparer.Ordinal));
        }

        // core/v1
        Add("", "Pod", f => { PodSpec(f, "spec"); PodStatus(f, "status"); });
        Add("", "PodTemplate", f => PodSpec(f, "template.spec"));
        Add("", "ReplicationController", f => { PodSpec(f, "spec.template.spec"); Conditions(f, "status"); });
        Add("", "Service", f => { f["spec.ports"] = new(false, "port"); Conditions(f, "status"); });
        Add("", "Node", f =>
        {
            f["spec.podCIDRs"] = new(false, null);
            Conditions(f, "status");
            f["status.addresses"] = new(false, "type");
        });
        Add("", "Namespace", f => Conditions(f, "status"));
        Add("", "PersistentVolumeClaim", f => Conditions(f, "status"));
        Add("", "ServiceAccount", f => f["secrets"] = new(false, "name"));
        Add("", "ComponentStatus", f => f["conditions"] = new(false, "type"));
        foreach (var kind in new[] { "ConfigMap", "Secret", "Endpoints", "Event", "PersistentVolume", "ResourceQuota", "LimitRange" })
        {
            Add("", kind);
        }

        // apps/v1: the pod template reuses the PodSpec table under spec.template.spec.
        foreach (var kind in new[] { "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet" })
        {
            Add("apps", kind, f => { PodSpec(f, "spec.template.spec"); Conditions(f, "status"); });
        }

        Add("apps", "ControllerRevision");

        // batch/v1
        Add("batch", "Job", f => { PodSpec(f, "spec.template.spec"); Conditions(f, "status"); });
        Add("batch", "CronJob", f => PodSpec(f, "spec.jobTemplate.spec.template.spec"));

        // Groups whose kinds have no list strategies beyond metadata (EndpointSlice endpoints and ports are atomic).
        Add("discovery.k8s.io", "EndpointSlice");
        Add("coordination.k8s.io", "Lease");
        Add("events.k8s.io", "Event");
        foreach (var kind in new[] { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" })
        {
            Add("rbac.authorization.k8s.io", kind);
        }

        Add("policy", "PodDisruptionBudget", f => { f["spec.selector"] = new(true, null); Conditions(f, "status"); });
        Add("autoscaling", "HorizontalPodAutoscaler", f => Conditions(f, "status"));
        foreach (var kind in new[] { "Ingress", "IngressClass", "NetworkPolicy" })
        {
            Add("networking.k8s.io", kind);
        }

        Add("storage.k8s.io", "StorageClass");
        Add("storage.k8s.io", "CSINode", f => f["spec.drivers"] = new(false, "name"));
        Add("scheduling.k8s.io", "PriorityClass");
        Add("admissionregistration.k8s.io", "MutatingWebhookConfiguration", Webhooks);
        Add("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", Webhooks);
        Add("apiextensions.k8s.io", "CustomResourceDefinition");
        Add("apiregistration.k8s.io", "APIService", f => Conditions(f, "status"));
        return kinds.ToFrozenDictionary();
    }

    private static void Conditions(Dictionary<string, FieldStrategy> fields, string status) =>
        fields[status + ".conditions"] = new(false, "type");

    private static void Webhooks(Dictionary<string, FieldStrategy> fields)
    {
        fields["webhooks"] = new(false, "name");
        fields["webhooks.matchConditions"] = new(false, "name");
    }

    private static void PodSpec(Dictionary<string, FieldStrategy> fields, string spec)
    {
        fields[spec + ".volumes"] = new(false, "name");
        fields[spec + ".imagePullSecrets"] = new(false, "name");
        fields[spec + ".hostAliases"] = new(false, "ip");
        fields[spec + ".topologySpreadConstraints"] = new(false, "topologyKey");
        fields[spec + ".schedulingGates"] = new(false, "name");
        fields[spec + ".resourceClaims"] = new(false, "name");
        foreach (var list in new[] { "containers", "initContainers", "ephemeralContainers" })
        {
            var container = spec + "." + list;
            fields[container] = new(false, "name");
            fields[container + ".ports"] = new(false, "containerPort");
            fields[container + ".env"] = new(false, "name");
            fields[container + ".volumeMounts"] = new(false, "mountPath");
            fields[container + ".volumeDevices"] = new(false, "devicePath");
        }
    }

    private static void PodStatus(Dictionary<string, FieldStrategy> fields, string status)
    {
        Conditions(fields, status);
        fields[status + ".podIPs"] = new(false, "ip");
        fields[status + ".hostIPs"] = new(false, "ip");
        fields[status + ".resourceClaimStatuses"] = new(false, "name");
    }
}
