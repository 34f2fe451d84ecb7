using System.Text.Json.Serialization;
using Clusternet.Apis.Schema;
using k8s;
using k8s.Models;

namespace Clusternet.Client.Tests.Schema.Models;

// A test-only kind written to docs/models.md's conventions, exercising every marker and every
// type mapping the CRD generator knows. Its XML summaries feed the description tests.

/// <summary>A gadget under test.</summary>
[KubernetesEntity(Group = KubeGroup, ApiVersion = KubeApiVersion, Kind = KubeKind, PluralName = KubePluralName)]
[CustomResource(ResourceScope.Cluster, ShortNames = ["gd", "gdt"], Categories = ["clusternet", "testing"])]
[StatusSubresource]
[PrinterColumn(1, "SIZE", "integer", ".spec.count", Priority = 10, Format = "int32", Description = "How many")]
[PrinterColumn(0, "MODE", "string", ".spec.mode")]
[PrinterColumn(2, "AGE", "date", ".metadata.creationTimestamp")]
public class Gadget : IKubernetesObject<V1ObjectMeta>, ISpec<GadgetSpec>, IStatus<GadgetStatus?>
{
    public const string KubeGroup = "testing.clusternet.io";
    public const string KubeApiVersion = "v1alpha2";
    public const string KubeKind = "Gadget";
    public const string KubePluralName = "gadgets";

    /// <summary>The schema version of this object.</summary>
    [JsonPropertyName("apiVersion")] public string? ApiVersion { get; set; }

    /// <summary>The kind of this object.</summary>
    [JsonPropertyName("kind")] public string? Kind { get; set; }

    /// <summary>Standard object metadata.</summary>
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();

    /// <summary>What the gadget should be.</summary>
    [Required] [JsonPropertyName("spec")] public GadgetSpec Spec { get; set; } = new();

    /// <summary>What the gadget is.</summary>
    [JsonPropertyName("status")] public GadgetStatus? Status { get; set; }
}

/// <summary>Modes of a gadget, in CRD enum order.</summary>
public static class GadgetMode
{
    public const string Fast = "Fast";
    public const string Slow = "Slow";
    public const string Off = "Off";
}

/// <summary>The desired state of a gadget.</summary>
[ValidationRule("!has(oldSelf.code) || has(self.code)", "code is required once set")]
public class GadgetSpec
{
    /// <summary>
    /// The gadget's <c>name</c>, used by <see cref="Gadget"/>;
    ///     wrapped over    lines.
    /// </summary>
    [Required] [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("count")] public int Count { get; set; }
    [JsonPropertyName("generation")] public long? Generation { get; set; }
    [JsonPropertyName("ratio")] public float? Ratio { get; set; }
    [JsonPropertyName("weight")] public double? Weight { get; set; }
    [Required] [JsonPropertyName("enabled")] public bool Enabled { get; set; }
    [JsonPropertyName("payload")] public byte[]? Payload { get; set; }
    [JsonPropertyName("since")] public DateTime? Since { get; set; }
    [JsonPropertyName("port")] public IntOrString? Port { get; set; }
    [JsonPropertyName("memory")] public ResourceQuantity? Memory { get; set; }
    [JsonPropertyName("template")] public object? Template { get; set; }
    [JsonPropertyName("tags")] public IList<string>? Tags { get; set; }
    [JsonPropertyName("labels")] public IDictionary<string, string>? Labels { get; set; }
    [JsonPropertyName("replicas")] public IDictionary<string, IList<int>>? Replicas { get; set; }
    [JsonPropertyName("capacity")] public IDictionary<string, ResourceQuantity>? Capacity { get; set; }
    [JsonPropertyName("part")] public GadgetPart? Part { get; set; }
    [JsonPropertyName("extras")] public GadgetExtras? Extras { get; set; }

    [Pattern("^[a-z]+$")] [JsonPropertyName("code")] public string? Code { get; set; }
    [Length(Min = 1, Max = 30)] [JsonPropertyName("label")] public string? Label { get; set; }
    [Length(Max = 1)] [JsonPropertyName("ips")] public IList<string>? Ips { get; set; }
    [Length(Min = 1)] [JsonPropertyName("annotations")] public IDictionary<string, string>? Annotations { get; set; }
    [Range(Minimum = 0, Maximum = 1000)] [Default("500")] [JsonPropertyName("priority")] public int? Priority { get; set; }
    [Enum(typeof(GadgetMode))] [Default("\"Fast\"")] [JsonPropertyName("mode")] public string? Mode { get; set; }
    [Enum("A", "B")] [Pattern("^[AB]$")] [JsonPropertyName("letters")] public IList<string>? Letters { get; set; }
    [Default("true")] [JsonPropertyName("createNamespace")] public bool? CreateNamespace { get; set; }
    [Format("")] [JsonPropertyName("completed")] public int? Completed { get; set; }
    [Format("int64")] [JsonPropertyName("big")] public int? Big { get; set; }
    [SchemaType("string")] [JsonPropertyName("timeout")] public TimeSpan? Timeout { get; set; }
    [SchemaNullable] [JsonPropertyName("note")] public string? Note { get; set; }
    [EmbeddedResource] [PreserveUnknownFields] [JsonPropertyName("manifest")] public object? Manifest { get; set; }
    [ListType("map", MapKeys = ["name"])] [JsonPropertyName("keyedParts")] public IList<GadgetPart>? KeyedParts { get; set; }
    [ListType("set")] [JsonPropertyName("set")] public IList<string>? Set { get; set; }
    [MapType("atomic")] [JsonPropertyName("selector")] public IDictionary<string, string>? Selector { get; set; }
    [ValidationRule("self == oldSelf", "immutableName is immutable")] [JsonPropertyName("immutableName")] public string? ImmutableName { get; set; }

    [JsonPropertyName("clusterAffinity")] public V1LabelSelector? ClusterAffinity { get; set; }
    [JsonPropertyName("tolerations")] public IList<V1Toleration>? Tolerations { get; set; }

    /// <summary>Not on the wire.</summary>
    [JsonIgnore] public string Ignored => Name + "!";

    /// <summary>Named by KubernetesJson's camel-case policy.</summary>
    public string? UnnamedProperty { get; set; }
}

/// <summary>One part of a gadget; replaced as a whole by server-side apply.</summary>
[MapType("atomic")]
public class GadgetPart
{
    /// <summary>The part's name.</summary>
    [Required] [JsonPropertyName("name")] public string Name { get; set; } = "";

    [JsonPropertyName("size")] public int? Size { get; set; }
}

/// <summary>Free-form extras.</summary>
[PreserveUnknownFields]
public class GadgetExtras
{
    [JsonPropertyName("known")] public string? Known { get; set; }
}

/// <summary>Fields shared by several statuses; inlined in Go, inherited here.</summary>
public class GadgetReport
{
    /// <summary>The phase the gadget is in.</summary>
    [Required] [JsonPropertyName("phase")] public string Phase { get; set; } = "";

    [JsonPropertyName("observedGeneration")] public long? ObservedGeneration { get; set; }
}

/// <summary>The observed state of a gadget.</summary>
public class GadgetStatus : GadgetReport
{
    [Required] [JsonPropertyName("conditions")] [ListType("map", MapKeys = ["type"])] public IList<V1Condition>? Conditions { get; set; }

    [JsonPropertyName("taints")] public IList<V1Taint>? Taints { get; set; }
}
