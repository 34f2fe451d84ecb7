using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Service defaults kubectl shows: type ClusterIP, session affinity None, traffic policies Cluster, ports'
/// protocol TCP and targetPort equal to the port, single-stack IPv4 families, <c>clusterIP</c> and
/// <c>clusterIPs</c> kept in step; on update an omitted cluster IP keeps the allocated one. The cluster IP
/// itself is allocated last in the chain by <see cref="ServiceClusterIPAllocation"/>.
/// </summary>
internal sealed class ServiceDefaulting : IAdmissionPlugin
{
    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        AdmissionJson.Writes(request) && request.Subresource is null && AdmissionJson.Is(request, string.Empty, "services");

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var obj = request.Object;
        var spec = AdmissionJson.Child(obj, "spec");
        AdmissionJson.DefaultString(spec, "type", "ClusterIP");
        AdmissionJson.DefaultString(spec, "sessionAffinity", "None");
        var type = AdmissionJson.String(spec, "type");
        foreach (var port in AdmissionJson.Items(spec, "ports"))
        {
            AdmissionJson.DefaultString(port, "protocol", "TCP");
            var target = port["targetPort"];
            var unset = target is null
                || AdmissionJson.String(port, "targetPort") is { Length: 0 }
                || (target is JsonValue v && v.TryGetValue<int>(out var n) && n == 0);
            if (unset && port["port"] is { } number)
            {
                port["targetPort"] = number.DeepClone();
            }
        }

        if (type == "ExternalName")
        {
            return ValueTask.CompletedTask;
        }

        AdmissionJson.DefaultString(spec, "internalTrafficPolicy", "Cluster");
        if (type is "NodePort" or "LoadBalancer")
        {
            AdmissionJson.DefaultString(spec, "externalTrafficPolicy", "Cluster");
        }

        if (request.Operation == AdmissionOperation.Update && request.OldObject?["spec"] is JsonObject oldSpec
            && string.IsNullOrEmpty(AdmissionJson.String(spec, "clusterIP")) && spec["clusterIPs"] is not JsonArray { Count: > 0 })
        {
            // An update that leaves the cluster IP out keeps the one allocated on create.
            foreach (var field in new[] { "clusterIP", "clusterIPs", "ipFamilies", "ipFamilyPolicy" })
            {
                if (oldSpec[field] is { } value && spec[field] is null)
                {
                    spec[field] = value.DeepClone();
                }
            }
        }

        var clusterIP = AdmissionJson.String(spec, "clusterIP");
        if (string.IsNullOrEmpty(clusterIP) && spec["clusterIPs"] is JsonArray { Count: > 0 } ips && ips[0] is JsonValue first)
        {
            spec["clusterIP"] = first.DeepClone();
        }
        else if (!string.IsNullOrEmpty(clusterIP) && spec["clusterIPs"] is not JsonArray { Count: > 0 })
        {
            spec["clusterIPs"] = new JsonArray(clusterIP);
        }

        AdmissionJson.Default(spec, "ipFamilies", new JsonArray("IPv4"));
        AdmissionJson.DefaultString(spec, "ipFamilyPolicy", "SingleStack");
        if (request.Operation == AdmissionOperation.Create)
        {
            AdmissionJson.Child(AdmissionJson.Child(obj, "status"), "loadBalancer");
        }

        return ValueTask.CompletedTask;
    }
}
