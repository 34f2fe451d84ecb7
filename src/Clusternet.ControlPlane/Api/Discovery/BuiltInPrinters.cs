using System.Text.Json.Nodes;
using static Clusternet.ControlPlane.Api.Discovery.JsonFields;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>Computes a Table row's cells for one object, given "now" for the age columns.</summary>
internal delegate JsonNode?[] CellsOf(JsonObject item, DateTimeOffset now);

/// <summary>The columns and cells of one built-in kind, as kube-apiserver's printers produce them (always "wide").</summary>
internal sealed record BuiltInPrinter(IReadOnlyList<PrinterColumn> Columns, CellsOf Cells);

/// <summary>
/// kube-apiserver's server-side printers for the built-in kinds we serve. The server always renders the wide
/// form; kubectl hides columns with priority above 0 unless <c>-o wide</c>.
/// </summary>
internal static partial class BuiltInPrinters
{
    internal static readonly PrinterColumn Name = new("Name", "string", "name", "The object's name, unique within its namespace (or the cluster).");
    internal static readonly PrinterColumn Age = new("Age", "string", "", "Time since the object was created (metadata.creationTimestamp).");
    private static readonly PrinterColumn CreatedAt = new("Created At", "date", "", "When the object was created (metadata.creationTimestamp).");

    private static readonly Dictionary<(string Group, string Resource), BuiltInPrinter> Printers = new()
    {
        [("", "namespaces")] = new([Name, Col("Status", "The namespace's lifecycle phase."), Age],
            (o, now) => [NameOf(o), String(o, "status", "phase"), AgeOf(o, now)]),
        [("", "configmaps")] = new([Name, Col("Data", "Number of entries in data and binaryData.", "integer"), Age],
            (o, now) => [NameOf(o), Count(o, "data") + Count(o, "binaryData"), AgeOf(o, now)]),
        [("", "secrets")] = new([Name, Col("Type", "The secret's type."), Col("Data", "Number of entries in data.", "integer"), Age],
            (o, now) => [NameOf(o), String(o, "type"), Count(o, "data"), AgeOf(o, now)]),
        [("", "serviceaccounts")] = new([Name, Col("Secrets", "Number of secrets listed by the service account.", "integer"), Age],
            (o, now) => [NameOf(o), Count(o, "secrets"), AgeOf(o, now)]),
        [("", "services")] = new(
            [Name, Col("Type", "How the service is exposed."), Col("Cluster-IP", "The cluster-internal address."),
             Col("External-IP", "Addresses reachable from outside the cluster."), Col("Port(s)", "The ports the service exposes."), Age,
             Col("Selector", "The pods the service routes to.", priority: 1)],
            ServiceCells),
        [("", "endpoints")] = new([Name, Col("Endpoints", "The addresses behind the service."), Age],
            (o, now) => [NameOf(o), EndpointsText(o), AgeOf(o, now)]),
        [("", "nodes")] = new(
            [Name, Col("Status", "The node's readiness."), Col("Roles", "The node's roles, from node-role labels."), Age,
             Col("Version", "The kubelet version."), Col("Internal-IP", "The node's internal address.", priority: 1),
             Col("External-IP", "The node's external address.", priority: 1), Col("OS-Image", "The operating system image.", priority: 1),
             Col("Kernel-Version", "The kernel version.", priority: 1), Col("Container-Runtime", "The container runtime and its version.", priority: 1)],
            NodeCells),
        [("", "pods")] = new(
            [Name, Col("Ready", "Ready containers out of all containers."), Col("Status", "The pod's aggregate state."),
             Col("Restarts", "Container restarts, with the time since the last one."), Age,
             Col("IP", "The pod's address.", priority: 1), Col("Node", "The node the pod runs on.", priority: 1),
             Col("Nominated Node", "The node preemption nominated for the pod.", priority: 1),
             Col("Readiness Gates", "Satisfied readiness gates out of all gates.", priority: 1)],
            PodCells),
        [("", "events")] = new(EventColumns, CoreEventCells),
        [("events.k8s.io", "events")] = new(EventColumns, EventsApiCells),
        [("coordination.k8s.io", "leases")] = new([Name, Col("Holder", "The current holder of the lease."), Age],
            (o, now) => [NameOf(o), String(o, "spec", "holderIdentity") ?? "", AgeOf(o, now)]),
        [("discovery.k8s.io", "endpointslices")] = new(
            [Name, Col("AddressType", "The kind of addresses in the slice."), Col("Ports", "The ports of the slice."),
             Col("Endpoints", "The addresses in the slice."), Age],
            EndpointSliceCells),
        [("apiextensions.k8s.io", "customresourcedefinitions")] = new([Name, CreatedAt], CreatedAtCells),
        [("apiregistration.k8s.io", "apiservices")] = new(
            [Name, Col("Service", "The service that serves the group-version, or Local."), Col("Available", "Whether the service is available."), Age],
            ApiServiceCells),
        [("rbac.authorization.k8s.io", "roles")] = new([Name, CreatedAt], CreatedAtCells),
        [("rbac.authorization.k8s.io", "clusterroles")] = new([Name, CreatedAt], CreatedAtCells),
        [("rbac.authorization.k8s.io", "rolebindings")] = new(BindingColumns, BindingCells),
        [("rbac.authorization.k8s.io", "clusterrolebindings")] = new(BindingColumns, BindingCells),
        [("apps", "deployments")] = new(DeploymentColumns, DeploymentCells),
        [("apps", "replicasets")] = new(ReplicaSetColumns, ReplicaSetCells),
        [("apps", "statefulsets")] = new(StatefulSetColumns, StatefulSetCells),
        [("apps", "daemonsets")] = new(DaemonSetColumns, DaemonSetCells),
        [("batch", "jobs")] = new(JobColumns, JobCells),
        [("batch", "cronjobs")] = new(CronJobColumns, CronJobCells),
    };

    private static IReadOnlyList<PrinterColumn> EventColumns =>
    [
        Col("Last Seen", "Time since the event was last seen."), Col("Type", "Normal or Warning."),
        Col("Reason", "Why the event was recorded."), Col("Object", "The object the event is about."),
        Col("Subobject", "The part of the object, such as a container.", priority: 1),
        Col("Source", "The component that reported the event.", priority: 1), Col("Message", "What happened."),
        Col("First Seen", "Time since the event was first seen.", priority: 1),
        Col("Count", "How often the event occurred.", "integer", priority: 1), Col("Name", "The event's name.", priority: 1),
    ];

    private static IReadOnlyList<PrinterColumn> BindingColumns =>
    [
        Name, Col("Role", "The bound role, as Kind/name."), Age, Col("Users", "Users bound.", priority: 1),
        Col("Groups", "Groups bound.", priority: 1), Col("ServiceAccounts", "Service accounts bound.", priority: 1),
    ];

    /// <summary>The columns of a built-in kind; NAME and AGE for kinds without a printer.</summary>
    public static IReadOnlyList<PrinterColumn> ColumnsFor(string group, string resource) =>
        Printers.TryGetValue((group, resource), out var printer) ? printer.Columns : [Name, Age];

    /// <summary>The printer of a built-in kind; one showing NAME and AGE for kinds without their own.</summary>
    public static BuiltInPrinter For(string group, string resource) =>
        Printers.TryGetValue((group, resource), out var printer) ? printer : new([Name, Age], (o, now) => [NameOf(o), AgeOf(o, now)]);

    internal static PrinterColumn Col(string name, string description, string type = "string", int priority = 0) =>
        new(name, type, "", description, priority);

    internal static string NameOf(JsonObject o) => String(o, "metadata", "name") ?? "";

    internal static string AgeOf(JsonObject o, DateTimeOffset now) => HumanDuration.Since(Time(o, "metadata", "creationTimestamp"), now);

    private static JsonNode?[] CreatedAtCells(JsonObject o, DateTimeOffset now) =>
        [NameOf(o), Time(o, "metadata", "creationTimestamp")?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)];

    private static JsonNode?[] ServiceCells(JsonObject o, DateTimeOffset now)
    {
        var type = String(o, "spec", "type") ?? "ClusterIP";
        var clusterIp = String(o, "spec", "clusterIP") is { Length: > 0 } ip ? ip : "<none>";
        var externalIps = Array(o, "spec", "externalIPs").Select(v => v?.GetValue<string>()).OfType<string>().ToList();
        var external = type switch
        {
            "ClusterIP" or "NodePort" => externalIps.Count > 0 ? string.Join(',', externalIps) : "<none>",
            "LoadBalancer" => LoadBalancerAddresses(o, externalIps),
            "ExternalName" => String(o, "spec", "externalName") ?? "",
            _ => "<unknown>",
        };
        var ports = Array(o, "spec", "ports").OfType<JsonObject>().Select(p =>
        {
            var protocol = String(p, "protocol") ?? "TCP";
            return Integer(p, "nodePort") is > 0 and var nodePort
                ? $"{Integer(p, "port")}:{nodePort}/{protocol}"
                : $"{Integer(p, "port")}/{protocol}";
        }).ToList();
        return [NameOf(o), type, clusterIp, external, ports.Count > 0 ? string.Join(',', ports) : "<none>", AgeOf(o, now), Labels(Object(o, "spec", "selector"))];
    }

    private static string LoadBalancerAddresses(JsonObject o, List<string> externalIps)
    {
        var ingress = Array(o, "status", "loadBalancer", "ingress").OfType<JsonObject>()
            .Select(i => String(i, "ip") is { Length: > 0 } ip ? ip : String(i, "hostname")).OfType<string>();
        var all = externalIps.Concat(ingress).ToList();
        return all.Count > 0 ? string.Join(',', all) : "<pending>";
    }

    private static string EndpointsText(JsonObject o)
    {
        const int Shown = 3;
        var list = new List<string>();
        var total = 0;
        foreach (var subset in Array(o, "subsets").OfType<JsonObject>())
        {
            var addresses = Array(subset, "addresses").OfType<JsonObject>().Select(a => String(a, "ip") ?? "").ToList();
            var ports = Array(subset, "ports").OfType<JsonObject>().Select(p => Integer(p, "port")).ToList();
            var entries = ports.Count == 0
                ? addresses
                : ports.SelectMany(port => addresses.Select(ip => (ip.Contains(':') ? "[" + ip + "]" : ip) + ":" + port)).ToList();
            total += entries.Count;
            list.AddRange(entries.Take(Shown - list.Count));
        }

        var text = string.Join(',', list);
        return total > Shown ? $"{text} + {total - Shown} more..." : text.Length == 0 ? "<none>" : text;
    }

    private static JsonNode?[] EndpointSliceCells(JsonObject o, DateTimeOffset now)
    {
        var ports = Array(o, "ports").OfType<JsonObject>().Select(p => Integer(p, "port")?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "<unset>").ToList();
        var addresses = Array(o, "endpoints").OfType<JsonObject>().SelectMany(e => Array(e, "addresses").Select(a => a?.GetValue<string>())).OfType<string>().ToList();
        var shown = string.Join(',', addresses.Take(3));
        var endpoints = addresses.Count > 3 ? $"{shown} + {addresses.Count - 3} more..." : addresses.Count == 0 ? "<none>" : shown;
        return [NameOf(o), String(o, "addressType"), ports.Count > 0 ? string.Join(',', ports) : "<unset>", endpoints, AgeOf(o, now)];
    }

    private static JsonNode?[] NodeCells(JsonObject o, DateTimeOffset now)
    {
        var ready = Array(o, "status", "conditions").OfType<JsonObject>().FirstOrDefault(c => String(c, "type") == "Ready");
        var states = new List<string>();
        if (ready is not null)
        {
            states.Add(String(ready, "status") == "True" ? "Ready" : "NotReady");
        }
        else
        {
            states.Add("Unknown");
        }

        if (Bool(o, "spec", "unschedulable"))
        {
            states.Add("SchedulingDisabled");
        }

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in Object(o, "metadata", "labels") ?? [])
        {
            if (key.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal) && key.Length > "node-role.kubernetes.io/".Length)
            {
                roles.Add(key["node-role.kubernetes.io/".Length..]);
            }
            else if (key == "kubernetes.io/role" && value?.GetValue<string>() is { Length: > 0 } role)
            {
                roles.Add(role);
            }
        }

        string Address(string type) => Array(o, "status", "addresses").OfType<JsonObject>()
            .FirstOrDefault(a => String(a, "type") == type) is { } a ? String(a, "address") ?? "<none>" : "<none>";
        string Info(string field) => String(o, "status", "nodeInfo", field) is { Length: > 0 } v ? v : "<unknown>";

        return
        [
            NameOf(o), string.Join(',', states), roles.Count > 0 ? string.Join(',', roles) : "<none>", AgeOf(o, now),
            String(o, "status", "nodeInfo", "kubeletVersion") ?? "", Address("InternalIP"), Address("ExternalIP"),
            Info("osImage"), Info("kernelVersion"), Info("containerRuntimeVersion"),
        ];
    }

    private static JsonNode?[] CoreEventCells(JsonObject o, DateTimeOffset now) => EventCells(
        o, now, Object(o, "involvedObject"), String(o, "message"), Time(o, "firstTimestamp"), Time(o, "lastTimestamp"),
        Integer(o, "count"), String(o, "source", "component"), String(o, "source", "host"));

    // events.k8s.io/v1 renames the legacy fields; the printer shows the same columns.
    private static JsonNode?[] EventsApiCells(JsonObject o, DateTimeOffset now) => EventCells(
        o, now, Object(o, "regarding"), String(o, "note"), Time(o, "deprecatedFirstTimestamp"), Time(o, "deprecatedLastTimestamp"),
        Integer(o, "deprecatedCount"), String(o, "deprecatedSource", "component"), String(o, "deprecatedSource", "host"));

    private static JsonNode?[] EventCells(
        JsonObject o, DateTimeOffset now, JsonObject? regarding, string? message, DateTimeOffset? first, DateTimeOffset? last,
        long? count, string? component, string? host)
    {
        var firstSeen = first is not null ? HumanDuration.Since(first, now) : HumanDuration.Since(Time(o, "eventTime"), now);
        var lastSeen = last is not null ? HumanDuration.Since(last, now) : firstSeen;
        var times = count ?? 0;
        if (Object(o, "series") is { } series)
        {
            lastSeen = HumanDuration.Since(Time(series, "lastObservedTime"), now);
            times = Integer(series, "count") ?? 0;
        }
        else if (times == 0)
        {
            // Events written through events.k8s.io without a series happened once.
            times = 1;
        }

        var kind = (String(regarding, "kind") ?? "").ToLowerInvariant();
        var target = String(regarding, "name") is { Length: > 0 } n ? kind + "/" + n : kind;
        var reportingController = String(o, "reportingController") ?? "";
        var source = !string.IsNullOrEmpty(component) || !string.IsNullOrEmpty(host)
            ? (component ?? "") + (string.IsNullOrEmpty(host) ? "" : ", " + host)
            : reportingController + (String(o, "reportingInstance") is { Length: > 0 } instance ? ", " + instance : "");
        return
        [
            lastSeen, String(o, "type"), String(o, "reason"), target, String(regarding, "fieldPath") ?? "", source,
            (message ?? "").Trim(), firstSeen, times, NameOf(o),
        ];
    }

    private static JsonNode?[] ApiServiceCells(JsonObject o, DateTimeOffset now)
    {
        var service = Object(o, "spec", "service") is { } s ? $"{String(s, "namespace")}/{String(s, "name")}" : "Local";
        var available = Array(o, "status", "conditions").OfType<JsonObject>().FirstOrDefault(c => String(c, "type") == "Available");
        var availability = available is null
            ? "Unknown"
            : String(available, "status") == "True" ? "True" : $"{String(available, "status")} ({String(available, "reason")})";
        return [NameOf(o), service, availability, AgeOf(o, now)];
    }

    private static JsonNode?[] BindingCells(JsonObject o, DateTimeOffset now)
    {
        var subjects = Array(o, "subjects").OfType<JsonObject>().ToList();
        string Of(string kind) => string.Join(", ", subjects.Where(s => String(s, "kind") == kind)
            .Select(s => kind == "ServiceAccount" ? $"{String(s, "namespace")}/{String(s, "name")}" : String(s, "name")));
        return [NameOf(o), $"{String(o, "roleRef", "kind")}/{String(o, "roleRef", "name")}", AgeOf(o, now), Of("User"), Of("Group"), Of("ServiceAccount")];
    }
}
