using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Defaults of Pods and of the workloads kubectl shows (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job):
/// replicas, update strategies, history limits, and their pod templates' <see cref="PodSpecDefaults"/>.
/// </summary>
internal sealed class WorkloadDefaulting : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        AdmissionJson.Writes(request) && request.Subresource is null && (request.Resource.Group, request.Resource.Resource) is
            ("", "pods") or ("apps", "deployments" or "replicasets" or "statefulsets" or "daemonsets") or ("batch", "jobs");

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var obj = request.Object;
        var spec = AdmissionJson.Child(obj, "spec");
        switch (request.Resource.Resource)
        {
            case "pods":
                PodSpecDefaults.Apply(spec);
                AdmissionJson.DefaultString(spec, "serviceAccountName", "default");
                AdmissionJson.Default(spec, "enableServiceLinks", true);
                AdmissionJson.DefaultString(spec, "preemptionPolicy", "PreemptLowerPriority");
                AdmissionJson.Default(spec, "priority", 0);
                if (request.Operation == AdmissionOperation.Create)
                {
                    // A new Pod is Pending until a kubelet reports on it.
                    AdmissionJson.DefaultString(AdmissionJson.Child(obj, "status"), "phase", "Pending");
                }

                return ValueTask.CompletedTask;
            case "deployments":
                AdmissionJson.Default(spec, "replicas", 1);
                DefaultStrategy(spec, "strategy", new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" });
                AdmissionJson.Default(spec, "revisionHistoryLimit", 10);
                AdmissionJson.Default(spec, "progressDeadlineSeconds", 600);
                break;
            case "replicasets":
                AdmissionJson.Default(spec, "replicas", 1);
                break;
            case "statefulsets":
                AdmissionJson.Default(spec, "replicas", 1);
                AdmissionJson.DefaultString(spec, "podManagementPolicy", "OrderedReady");
                DefaultStrategy(spec, "updateStrategy", new JsonObject { ["partition"] = 0 });
                AdmissionJson.Default(spec, "revisionHistoryLimit", 10);
                AdmissionJson.Default(spec, "persistentVolumeClaimRetentionPolicy", new JsonObject { ["whenDeleted"] = "Retain", ["whenScaled"] = "Retain" });
                break;
            case "daemonsets":
                DefaultStrategy(spec, "updateStrategy", new JsonObject { ["maxUnavailable"] = 1, ["maxSurge"] = 0 });
                AdmissionJson.Default(spec, "revisionHistoryLimit", 10);
                break;
            case "jobs":
                AdmissionJson.Default(spec, "parallelism", 1);
                AdmissionJson.Default(spec, "completions", 1);
                AdmissionJson.Default(spec, "backoffLimit", 6);
                AdmissionJson.DefaultString(spec, "completionMode", "NonIndexed");
                AdmissionJson.Default(spec, "suspend", false);
                break;
        }

        var template = AdmissionJson.Child(spec, "template");
        PodSpecDefaults.Apply(AdmissionJson.Child(template, "spec"));
        return ValueTask.CompletedTask;
    }

    // RollingUpdate is the default strategy, and only a rolling update gets the rollingUpdate parameters.
    private static void DefaultStrategy(JsonObject spec, string field, JsonObject rollingUpdate)
    {
        var strategy = AdmissionJson.Child(spec, field);
        AdmissionJson.DefaultString(strategy, "type", "RollingUpdate");
        if (AdmissionJson.String(strategy, "type") != "RollingUpdate")
        {
            return;
        }

        var parameters = AdmissionJson.Child(strategy, "rollingUpdate");
        foreach (var (key, value) in rollingUpdate.ToList())
        {
            AdmissionJson.Default(parameters, key, value!.DeepClone());
        }
    }
}
