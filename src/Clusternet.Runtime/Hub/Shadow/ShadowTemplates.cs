using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Known;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// How a shadow object and its Manifest relate, with upstream's wire conventions: the Manifest's name and labels, the
/// fields the Manifest lends the object it returns, and the fields the parent's dry run fills in that a template must
/// not carry (they belong to the cluster the template is deployed to).
/// </summary>
internal static partial class ShadowTemplates
{
    /// <summary>The Manifest's name: <c>&lt;plural&gt;.&lt;namespace&gt;.&lt;name&gt;</c>, or <c>&lt;plural&gt;.&lt;name&gt;</c> for cluster-scoped kinds.</summary>
    public static string ManifestName(ShadowResource resource, string? @namespace, string name) =>
        resource.Namespaced ? $"{resource.Plural}.{@namespace}.{name}" : $"{resource.Plural}.{name}";

    /// <summary>The name older upstream releases used (dashes); still honoured when such a Manifest exists.</summary>
    public static string LegacyManifestName(ShadowResource resource, string? @namespace, string name) =>
        resource.Namespaced ? $"{resource.Plural}-{@namespace}-{name}" : $"{resource.Plural}-{name}";

    /// <summary>A new Manifest holding <paramref name="template"/>.</summary>
    public static JsonObject NewManifest(ShadowResource resource, JsonObject template, string reservedNamespace, string manifestName)
    {
        var manifest = new JsonObject
        {
            ["apiVersion"] = Manifest.KubeGroup + "/" + Manifest.KubeApiVersion,
            ["kind"] = Manifest.KubeKind,
            ["metadata"] = new JsonObject
            {
                ["name"] = manifestName,
                ["namespace"] = reservedNamespace,
                ["labels"] = new JsonObject(),
            },
        };
        SetTemplate(manifest, resource, template);
        return manifest;
    }

    /// <summary>
    /// Puts <paramref name="template"/> into <paramref name="manifest"/> and merges its labels into the Manifest's: the
    /// object's labels over the existing ones (a label removed from the object stays on the Manifest, as upstream), then
    /// the <c>apps.clusternet.io/config.*</c> labels that list and watch select on.
    /// </summary>
    public static void SetTemplate(JsonObject manifest, ShadowResource resource, JsonObject template)
    {
        var metadata = Metadata(manifest);
        var labels = metadata["labels"] as JsonObject ?? new JsonObject();
        metadata["labels"] = labels;
        if (Metadata(template)["labels"] is JsonObject objectLabels)
        {
            foreach (var (key, value) in objectLabels)
            {
                labels[key] = value?.DeepClone();
            }
        }

        labels[ClusternetLabels.ConfigGroup] = resource.Group;
        labels[ClusternetLabels.ConfigVersion] = resource.Version;
        labels[ClusternetLabels.ConfigKind] = resource.Kind;
        labels[ClusternetLabels.ConfigName] = Name(template);
        labels[ClusternetLabels.ConfigNamespace] = resource.Namespaced ? Namespace(template) : "";
        manifest["template"] = template;
    }

    /// <summary>
    /// The object a client sees: the stored template with the Manifest's identity and lifecycle fields (uid,
    /// resourceVersion, generation, creationTimestamp, deletion fields) and the original apiVersion and kind, so
    /// optimistic concurrency and deletion work against the Manifest.
    /// </summary>
    public static JsonObject ToObject(JsonNode manifest, ShadowResource resource)
    {
        var template = manifest["template"] is JsonObject stored ? (JsonObject)stored.DeepClone() : new JsonObject();
        template["apiVersion"] = resource.ApiVersion;
        template["kind"] = resource.Kind;
        var metadata = Metadata(template);
        var source = manifest["metadata"];
        foreach (var field in (string[])["generation", "creationTimestamp", "resourceVersion", "uid", "deletionGracePeriodSeconds", "deletionTimestamp"])
        {
            if (source?[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }

        if (source?["annotations"]?[ClusternetAnnotations.FeedProtection] is { } protection)
        {
            var annotations = metadata["annotations"] as JsonObject ?? new JsonObject();
            annotations[ClusternetAnnotations.FeedProtection] = protection.DeepClone();
            metadata["annotations"] = annotations;
        }

        // The object is reordered so apiVersion and kind lead, as kube-apiserver writes them.
        return Reorder(template);
    }

    /// <summary>
    /// Removes what the parent's dry run decided for its own cluster: server-set metadata, the whole status, a Service's
    /// allocated cluster IPs and node ports, and the controller-uid labels a Job gets.
    /// </summary>
    public static void Trim(JsonObject template, ShadowResource resource)
    {
        var metadata = Metadata(template);
        foreach (var field in (string[])["creationTimestamp", "managedFields", "resourceVersion", "selfLink", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"])
        {
            metadata.Remove(field);
        }

        template.Remove("status");
        var spec = template["spec"] as JsonObject;
        if (resource is { Group: "", Kind: "Service" } && spec is not null)
        {
            if (spec["clusterIP"]?.GetValue<string>() != "None")
            {
                spec.Remove("clusterIP");
                spec.Remove("clusterIPs");
            }

            if (spec["type"]?.GetValue<string>() is "NodePort" or "LoadBalancer")
            {
                spec.Remove("healthCheckNodePort");
                foreach (var port in (spec["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    port.Remove("nodePort");
                }
            }
        }

        if (resource is { Group: "batch", Kind: "Job" } && spec is not null)
        {
            string[] jobLabels = ["controller-uid", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name"];
            foreach (var labels in new[] { spec["selector"]?["matchLabels"], spec["template"]?["metadata"]?["labels"] }.OfType<JsonObject>())
            {
                foreach (var label in jobLabels)
                {
                    labels.Remove(label);
                }
            }

            (spec["template"]?["metadata"] as JsonObject)?.Remove("creationTimestamp");
        }
    }

    /// <summary>Clears what a create must not carry (the parent refuses a resourceVersion on create).</summary>
    public static JsonObject ForCreate(JsonObject template)
    {
        var copy = (JsonObject)template.DeepClone();
        var metadata = Metadata(copy);
        foreach (var field in (string[])["resourceVersion", "uid", "creationTimestamp", "generation", "managedFields", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"])
        {
            metadata.Remove(field);
        }

        return copy;
    }

    public static JsonObject Metadata(JsonObject obj)
    {
        if (obj["metadata"] is not JsonObject metadata)
        {
            metadata = new JsonObject();
            obj["metadata"] = metadata;
        }

        return metadata;
    }

    public static string Name(JsonNode obj) => obj["metadata"]?["name"]?.GetValue<string>() ?? "";

    public static string Namespace(JsonNode obj) => obj["metadata"]?["namespace"]?.GetValue<string>() ?? "";

    /// <summary>Whether <paramref name="value"/> is a DNS-1123 label (what namespace names must be).</summary>
    public static bool IsDnsLabel(string value) => value.Length <= 63 && DnsLabel().IsMatch(value);

    /// <summary>Three random lowercase letters or digits, to dodge a name taken in the parent during a dry run.</summary>
    public static string RandomSuffix() => RandomNumberGenerator.GetString("bcdfghjklmnpqrstvwxz2456789", 3);

    private static JsonObject Reorder(JsonObject obj)
    {
        var ordered = new JsonObject { ["apiVersion"] = obj["apiVersion"]?.DeepClone(), ["kind"] = obj["kind"]?.DeepClone() };
        foreach (var (key, value) in obj)
        {
            if (key is not ("apiVersion" or "kind"))
            {
                ordered[key] = value?.DeepClone();
            }
        }

        return ordered;
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();
}
