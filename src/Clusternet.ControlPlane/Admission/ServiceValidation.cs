using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// The Service checks users meet first, with kube-apiserver's messages: a known type, ports (required unless
/// headless or ExternalName; numbers in range; names when there are several, unique), a supported protocol,
/// an externalName for ExternalName, a well-formed cluster IP, and a cluster IP that does not change on update.
/// </summary>
internal sealed class ServiceValidation : IAdmissionPlugin
{
    private static readonly string[] Types = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
    private static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        AdmissionJson.Writes(request) && request.Subresource is null && AdmissionJson.Is(request, string.Empty, "services");

    /// <inheritdoc />
    public ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var spec = AdmissionJson.Child(request.Object, "spec");
        var errors = new List<FieldError>();
        var type = AdmissionJson.String(spec, "type") ?? string.Empty;
        if (!Types.Contains(type, StringComparer.Ordinal))
        {
            errors.Add(new FieldError(FieldErrorType.NotSupported, "spec.type", type, Supported(Types)));
        }

        var clusterIP = AdmissionJson.String(spec, "clusterIP") ?? string.Empty;
        var headless = clusterIP == "None";
        var ports = AdmissionJson.Items(spec, "ports").ToList();
        if (ports.Count == 0 && !headless && type != "ExternalName")
        {
            errors.Add(new FieldError(FieldErrorType.Required, "spec.ports", null, string.Empty));
        }

        ValidatePorts(ports, errors);
        if (type == "ExternalName" && string.IsNullOrEmpty(AdmissionJson.String(spec, "externalName")))
        {
            errors.Add(new FieldError(FieldErrorType.Required, "spec.externalName", null, string.Empty));
        }

        if (type != "ExternalName" && clusterIP.Length > 0 && !headless && ClusterIPRange.ParseAddress(clusterIP) is null)
        {
            errors.Add(new FieldError(FieldErrorType.Invalid, "spec.clusterIPs[0]", clusterIP, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"));
        }

        if (request.Operation == AdmissionOperation.Update && request.OldObject?["spec"] is JsonObject oldSpec
            && AdmissionJson.String(oldSpec, "type") != "ExternalName" && type != "ExternalName")
        {
            var before = AdmissionJson.String(oldSpec, "clusterIP") ?? string.Empty;
            if (before.Length > 0 && clusterIP.Length > 0 && before != clusterIP)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, "spec.clusterIPs[0]", spec["clusterIPs"]?.DeepClone(), "may not change once set"));
            }
        }

        AdmissionJson.ThrowIfInvalid(request, errors);
        return ValueTask.CompletedTask;
    }

    private static void ValidatePorts(List<JsonObject> ports, List<FieldError> errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ports.Count; i++)
        {
            var path = "spec.ports[" + i + "]";
            var port = ports[i];
            var name = AdmissionJson.String(port, "name") ?? string.Empty;
            if (ports.Count > 1 && name.Length == 0)
            {
                errors.Add(new FieldError(FieldErrorType.Required, path + ".name", null, string.Empty));
            }
            else if (name.Length > 0)
            {
                foreach (var message in ObjectNames.IsDns1123Label(name))
                {
                    errors.Add(new FieldError(FieldErrorType.Invalid, path + ".name", name, message));
                }

                if (!names.Add(name))
                {
                    errors.Add(new FieldError(FieldErrorType.Duplicate, path + ".name", name, string.Empty));
                }
            }

            var number = port["port"] is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
            if (number is < 1 or > 65535)
            {
                errors.Add(new FieldError(FieldErrorType.Invalid, path + ".port", number, "must be between 1 and 65535, inclusive"));
            }

            var protocol = AdmissionJson.String(port, "protocol") ?? string.Empty;
            if (protocol.Length == 0)
            {
                errors.Add(new FieldError(FieldErrorType.Required, path + ".protocol", null, string.Empty));
            }
            else if (!Protocols.Contains(protocol, StringComparer.Ordinal))
            {
                errors.Add(new FieldError(FieldErrorType.NotSupported, path + ".protocol", protocol, Supported(Protocols)));
            }
        }
    }

    /// <summary>Kubernetes' <c>supported values: "a", "b"</c> detail.</summary>
    public static string Supported(IEnumerable<string> values) =>
        "supported values: " + string.Join(", ", values.Select(GoValueFormat.Quote));
}
