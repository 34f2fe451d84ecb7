using System.Globalization;
using System.Text.Json.Nodes;
using static Clusternet.ControlPlane.Api.Discovery.JsonFields;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>Printers of pods and the workload kinds (apps/v1, batch/v1).</summary>
/// <remarks>Columns here are properties: the registry in the other part is built first, so static fields here would still be null.</remarks>
internal static partial class BuiltInPrinters
{
    private static PrinterColumn Containers => Col("Containers", "Names of the pod template's containers.", priority: 1);
    private static PrinterColumn Images => Col("Images", "Images of the pod template's containers.", priority: 1);
    private static PrinterColumn SelectorColumn => Col("Selector", "The label selector of the managed pods.", priority: 1);

    private static IReadOnlyList<PrinterColumn> DeploymentColumns =>
    [
        Name, Col("Ready", "Ready replicas out of desired replicas."), Col("Up-to-date", "Replicas running the latest template.", "integer"),
        Col("Available", "Replicas available to serve.", "integer"), Age, Containers, Images, SelectorColumn,
    ];

    private static IReadOnlyList<PrinterColumn> ReplicaSetColumns =>
    [
        Name, Col("Desired", "Desired replicas.", "integer"), Col("Current", "Replicas created.", "integer"),
        Col("Ready", "Ready replicas.", "integer"), Age, Containers, Images, SelectorColumn,
    ];

    private static IReadOnlyList<PrinterColumn> StatefulSetColumns =>
        [Name, Col("Ready", "Ready replicas out of desired replicas."), Age, Containers, Images];

    private static IReadOnlyList<PrinterColumn> DaemonSetColumns =>
    [
        Name, Col("Desired", "Nodes that should run the daemon pod.", "integer"), Col("Current", "Nodes running the daemon pod.", "integer"),
        Col("Ready", "Nodes with a ready daemon pod.", "integer"), Col("Up-to-date", "Nodes running the latest template.", "integer"),
        Col("Available", "Nodes with an available daemon pod.", "integer"), Col("Node Selector", "The node selector of the pod template."),
        Age, Containers, Images, SelectorColumn,
    ];

    private static IReadOnlyList<PrinterColumn> JobColumns =>
    [
        Name, Col("Status", "The job's state."), Col("Completions", "Succeeded pods out of required completions."),
        Col("Duration", "How long the job ran."), Age, Containers, Images, SelectorColumn,
    ];

    private static IReadOnlyList<PrinterColumn> CronJobColumns =>
    [
        Name, Col("Schedule", "The cron schedule."), Col("Timezone", "The schedule's time zone."),
        Col("Suspend", "Whether new runs are suspended.", "boolean"), Col("Active", "Jobs running now.", "integer"),
        Col("Last Schedule", "Time since a job was last scheduled."), Age, Containers, Images, SelectorColumn,
    ];

    private static JsonNode?[] DeploymentCells(JsonObject o, DateTimeOffset now)
    {
        var template = Object(o, "spec", "template", "spec");
        return
        [
            NameOf(o), $"{Integer(o, "status", "readyReplicas") ?? 0}/{Integer(o, "spec", "replicas") ?? 1}",
            Integer(o, "status", "updatedReplicas") ?? 0, Integer(o, "status", "availableReplicas") ?? 0, AgeOf(o, now),
            ContainerNames(template), ContainerImages(template), Selector(Object(o, "spec", "selector")),
        ];
    }

    private static JsonNode?[] ReplicaSetCells(JsonObject o, DateTimeOffset now)
    {
        var template = Object(o, "spec", "template", "spec");
        return
        [
            NameOf(o), Integer(o, "spec", "replicas") ?? 1, Integer(o, "status", "replicas") ?? 0, Integer(o, "status", "readyReplicas") ?? 0,
            AgeOf(o, now), ContainerNames(template), ContainerImages(template), Selector(Object(o, "spec", "selector")),
        ];
    }

    private static JsonNode?[] StatefulSetCells(JsonObject o, DateTimeOffset now)
    {
        var template = Object(o, "spec", "template", "spec");
        return
        [
            NameOf(o), $"{Integer(o, "status", "readyReplicas") ?? 0}/{Integer(o, "spec", "replicas") ?? 1}", AgeOf(o, now),
            ContainerNames(template), ContainerImages(template),
        ];
    }

    private static JsonNode?[] DaemonSetCells(JsonObject o, DateTimeOffset now)
    {
        var template = Object(o, "spec", "template", "spec");
        long Status(string field) => Integer(o, "status", field) ?? 0;
        return
        [
            NameOf(o), Status("desiredNumberScheduled"), Status("currentNumberScheduled"), Status("numberReady"),
            Status("updatedNumberScheduled"), Status("numberAvailable"), Labels(Object(template, "nodeSelector")), AgeOf(o, now),
            ContainerNames(template), ContainerImages(template), Selector(Object(o, "spec", "selector")),
        ];
    }

    private static JsonNode?[] JobCells(JsonObject o, DateTimeOffset now)
    {
        var succeeded = Integer(o, "status", "succeeded") ?? 0;
        var completions = Integer(o, "spec", "completions") is { } c
            ? $"{succeeded}/{c}"
            : Integer(o, "spec", "parallelism") is > 1 and var p ? $"{succeeded}/1 of {p}" : $"{succeeded}/1";
        var start = Time(o, "status", "startTime");
        var duration = start is null ? "" : HumanDuration.Format((Time(o, "status", "completionTime") ?? now) - start.Value);
        var template = Object(o, "spec", "template", "spec");
        return
        [
            NameOf(o), JobStatus(o), completions, duration, AgeOf(o, now),
            ContainerNames(template), ContainerImages(template), Selector(Object(o, "spec", "selector")),
        ];
    }

    // Terminal conditions win over deletion, which wins over the transitional conditions.
    private static string JobStatus(JsonObject o)
    {
        bool Has(string type) => Array(o, "status", "conditions").OfType<JsonObject>()
            .Any(c => String(c, "type") == type && String(c, "status") == "True");
        return Has("Complete") ? "Complete"
            : Has("Failed") ? "Failed"
            : At(o, "metadata", "deletionTimestamp") is not null ? "Terminating"
            : Has("SuccessCriteriaMet") ? "SuccessCriteriaMet"
            : Has("FailureTarget") ? "FailureTarget"
            : Has("Suspended") ? "Suspended"
            : "Running";
    }

    private static JsonNode?[] CronJobCells(JsonObject o, DateTimeOffset now)
    {
        var template = Object(o, "spec", "jobTemplate", "spec", "template", "spec");
        var lastSchedule = Time(o, "status", "lastScheduleTime") is { } t ? HumanDuration.Format(now - t) : "<none>";
        return
        [
            NameOf(o), String(o, "spec", "schedule"), String(o, "spec", "timeZone") is { Length: > 0 } zone ? zone : "<none>",
            Bool(o, "spec", "suspend"), Count(o, "status", "active"), lastSchedule, AgeOf(o, now),
            ContainerNames(template), ContainerImages(template), Selector(Object(o, "spec", "jobTemplate", "spec", "selector")),
        ];
    }

    private static string ContainerNames(JsonObject? podSpec) =>
        string.Join(',', Array(podSpec, "containers").OfType<JsonObject>().Select(c => String(c, "name")));

    private static string ContainerImages(JsonObject? podSpec) =>
        string.Join(',', Array(podSpec, "containers").OfType<JsonObject>().Select(c => String(c, "image")));

    /// <summary>
    /// The pod's READY, STATUS and RESTARTS as kubectl shows them: the phase (or status.reason), overridden by a
    /// failing or pending init container, then by the last container's waiting or terminated reason;
    /// "Terminating" once deleted and not yet terminal.
    /// </summary>
    private static JsonNode?[] PodCells(JsonObject o, DateTimeOffset now)
    {
        var phase = String(o, "status", "phase") ?? "";
        var reason = String(o, "status", "reason") is { Length: > 0 } r ? r : phase;
        var conditions = Array(o, "status", "conditions").OfType<JsonObject>().ToList();
        if (conditions.Any(c => String(c, "type") == "PodScheduled" && String(c, "reason") == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initSpecs = Array(o, "spec", "initContainers").OfType<JsonObject>().ToList();
        var sidecars = initSpecs.Where(c => String(c, "restartPolicy") == "Always").Select(c => String(c, "name")).ToHashSet();
        var total = Count(o, "spec", "containers") + sidecars.Count;
        var ready = 0;
        long restarts = 0, sidecarRestarts = 0;
        DateTimeOffset? lastRestart = null, lastSidecarRestart = null;
        var initializing = false;

        var initStatuses = Array(o, "status", "initContainerStatuses").OfType<JsonObject>().ToList();
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var status = initStatuses[i];
            var isSidecar = sidecars.Contains(String(status, "name"));
            restarts += Integer(status, "restartCount") ?? 0;
            lastRestart = Latest(lastRestart, Time(status, "lastState", "terminated", "finishedAt"));
            if (isSidecar)
            {
                sidecarRestarts += Integer(status, "restartCount") ?? 0;
                lastSidecarRestart = Latest(lastSidecarRestart, Time(status, "lastState", "terminated", "finishedAt"));
            }

            var terminated = Object(status, "state", "terminated");
            var waitingReason = String(status, "state", "waiting", "reason");
            if (terminated is not null && (Integer(terminated, "exitCode") ?? 0) == 0)
            {
                continue;
            }

            if (isSidecar && Bool(status, "started"))
            {
                ready += Bool(status, "ready") ? 1 : 0;
                continue;
            }

            initializing = true;
            reason = terminated is not null
                ? "Init:" + TerminationText(terminated)
                : !string.IsNullOrEmpty(waitingReason) && waitingReason != "PodInitializing"
                    ? "Init:" + waitingReason
                    : $"Init:{i}/{initSpecs.Count}";
            break;
        }

        var initialized = conditions.Any(c => String(c, "type") == "Initialized" && String(c, "status") == "True");
        if (!initializing || initialized)
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var running = false;
            var statuses = Array(o, "status", "containerStatuses").OfType<JsonObject>().ToList();
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var status = statuses[i];
                restarts += Integer(status, "restartCount") ?? 0;
                lastRestart = Latest(lastRestart, Time(status, "lastState", "terminated", "finishedAt"));
                var terminated = Object(status, "state", "terminated");
                if (String(status, "state", "waiting", "reason") is { Length: > 0 } waiting)
                {
                    reason = waiting;
                }
                else if (terminated is not null)
                {
                    reason = TerminationText(terminated);
                }
                else if (Bool(status, "ready") && Object(status, "state", "running") is not null)
                {
                    running = true;
                    ready++;
                }
            }

            if (reason == "Completed" && running)
            {
                reason = conditions.Any(c => String(c, "type") == "Ready" && String(c, "status") == "True") ? "Running" : "NotReady";
            }
        }

        if (At(o, "metadata", "deletionTimestamp") is not null)
        {
            if (String(o, "status", "reason") == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        var restartText = restarts != 0 && lastRestart is { } last
            ? $"{restarts} ({HumanDuration.Format(now - last)} ago)"
            : restarts.ToString(CultureInfo.InvariantCulture);

        var gates = Array(o, "spec", "readinessGates").OfType<JsonObject>().Select(g => String(g, "conditionType")).ToList();
        var gatesText = gates.Count == 0
            ? "<none>"
            : $"{gates.Count(g => conditions.Any(c => String(c, "type") == g && String(c, "status") == "True"))}/{gates.Count}";
        var podIp = Array(o, "status", "podIPs").OfType<JsonObject>().Select(p => String(p, "ip")).FirstOrDefault(ip => !string.IsNullOrEmpty(ip));

        return
        [
            NameOf(o), $"{ready}/{total}", reason, restartText, AgeOf(o, now),
            podIp ?? "<none>", String(o, "spec", "nodeName") is { Length: > 0 } node ? node : "<none>",
            String(o, "status", "nominatedNodeName") is { Length: > 0 } nominated ? nominated : "<none>", gatesText,
        ];
    }

    private static string TerminationText(JsonObject terminated) =>
        String(terminated, "reason") is { Length: > 0 } reason ? reason
        : Integer(terminated, "signal") is { } signal and not 0 ? $"Signal:{signal}"
        : $"ExitCode:{Integer(terminated, "exitCode") ?? 0}";

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
