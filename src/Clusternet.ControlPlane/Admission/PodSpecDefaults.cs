using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Admission;

/// <summary>The defaults kube-apiserver gives a pod spec (in a Pod or a workload's template) and its containers.</summary>
internal static class PodSpecDefaults
{
    /// <summary>Fills the defaults of <paramref name="spec"/> and its init and app containers.</summary>
    public static void Apply(JsonObject spec)
    {
        AdmissionJson.DefaultString(spec, "restartPolicy", "Always");
        AdmissionJson.DefaultString(spec, "dnsPolicy", "ClusterFirst");
        AdmissionJson.Default(spec, "terminationGracePeriodSeconds", 30);
        AdmissionJson.DefaultString(spec, "schedulerName", "default-scheduler");
        AdmissionJson.Default(spec, "securityContext", new JsonObject());
        foreach (var container in AdmissionJson.Items(spec, "initContainers").Concat(AdmissionJson.Items(spec, "containers")))
        {
            ApplyContainer(container);
        }
    }

    /// <summary>
    /// The pull policy a container gets when it names none: <c>Always</c> for the moving <c>:latest</c> tag
    /// (or no tag, which means latest), otherwise <c>IfNotPresent</c>; a digest pins the image.
    /// </summary>
    public static string PullPolicyFor(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return "IfNotPresent";
        }

        // A colon after the last slash separates the tag; one before it belongs to a registry host:port.
        var lastSlash = image.LastIndexOf('/');
        var colon = image.LastIndexOf(':');
        var tag = colon > lastSlash ? image[(colon + 1)..] : string.Empty;
        return tag.Length == 0 || tag == "latest" ? "Always" : "IfNotPresent";
    }

    private static void ApplyContainer(JsonObject container)
    {
        AdmissionJson.DefaultString(container, "terminationMessagePath", "/dev/termination-log");
        AdmissionJson.DefaultString(container, "terminationMessagePolicy", "File");
        if (AdmissionJson.String(container, "image") is { Length: > 0 } image)
        {
            AdmissionJson.DefaultString(container, "imagePullPolicy", PullPolicyFor(image));
        }

        AdmissionJson.Default(container, "resources", new JsonObject());
        foreach (var port in AdmissionJson.Items(container, "ports"))
        {
            AdmissionJson.DefaultString(port, "protocol", "TCP");
        }

        foreach (var probe in new[] { "livenessProbe", "readinessProbe", "startupProbe" })
        {
            if (container[probe] is JsonObject p)
            {
                AdmissionJson.Default(p, "timeoutSeconds", 1);
                AdmissionJson.Default(p, "periodSeconds", 10);
                AdmissionJson.Default(p, "successThreshold", 1);
                AdmissionJson.Default(p, "failureThreshold", 3);
            }
        }
    }
}
