using System.Text.RegularExpressions;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Known;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>The approver's verdict on a request it will not approve: <see cref="ApprovedResult.Denied"/> or <see cref="ApprovedResult.Failed"/>, and why.</summary>
internal sealed record Rejection(string Result, string Message);

/// <summary>
/// Checks a registration request before anything is created for it. The CRD's patterns are not anchored (upstream's
/// quirk), so the server accepts almost any string; these checks are anchored and also refuse what would break or
/// endanger the parent: a namespace that belongs to the system, labels that would overwrite the approver's own.
/// <see cref="ApprovedResult.Denied"/> means "not allowed" (identity, namespace policy); <see cref="ApprovedResult.Failed"/>
/// means "malformed".
/// </summary>
internal static partial class RegistrationRequestValidation
{
    private static readonly string[] ReservedNamespaces =
        ["default", ClusternetNamespaces.System, ClusternetNamespaces.Reserved, ClusternetNamespaces.MultiClusterService, ClusternetNamespaces.ClusterApiSystem];

    private static readonly string[] ReservedLabels =
        [ClusternetLabels.ClusterId, ClusternetLabels.ClusterName, ClusternetLabels.ObjectCreatedBy, ClusternetLabels.ClusterRegisteredBy];

    public static Rejection? Check(ClusterRegistrationRequest request)
    {
        var spec = request.Spec;
        var name = request.Metadata.Name;
        if (name != ClusternetNames.ObjectPrefix + spec.ClusterId)
        {
            return Denied($"the request name \"{name}\" does not match its cluster id \"{spec.ClusterId}\": it must be \"{ClusternetNames.ObjectPrefix}{spec.ClusterId}\"");
        }

        if (!Uuid().IsMatch(spec.ClusterId))
        {
            return Failed($"spec.clusterId \"{spec.ClusterId}\" is not a UUID (8-4-4-4-12 hexadecimal digits)");
        }

        if (string.IsNullOrEmpty(spec.ClusterName))
        {
            return Failed("spec.clusterName is required");
        }

        if (spec.ClusterName.Length > ClusternetDefaults.ClusterNameMaxLength || !DnsLabel().IsMatch(spec.ClusterName))
        {
            return Failed($"spec.clusterName \"{spec.ClusterName}\" must be at most {ClusternetDefaults.ClusterNameMaxLength} lower-case letters, digits or '-', starting and ending with a letter or digit");
        }

        if (!string.IsNullOrEmpty(spec.ClusterNamespace))
        {
            if (spec.ClusterNamespace.Length > ClusternetDefaults.ClusterNamespaceMaxLength || !DnsLabel().IsMatch(spec.ClusterNamespace))
            {
                return Failed($"spec.clusterNamespace \"{spec.ClusterNamespace}\" is not a valid namespace name (a DNS label of at most 63 characters)");
            }

            if (ReservedNamespaces.Contains(spec.ClusterNamespace, StringComparer.Ordinal) || spec.ClusterNamespace.StartsWith("kube-", StringComparison.Ordinal))
            {
                return Denied($"spec.clusterNamespace \"{spec.ClusterNamespace}\" is a system namespace and cannot be dedicated to a cluster");
            }
        }

        if (spec.ClusterType is { Length: > 0 } type && type != ClusterType.StandardCluster && type != ClusterType.EdgeCluster)
        {
            return Failed($"spec.clusterType \"{type}\" is not one of {ClusterType.StandardCluster}, {ClusterType.EdgeCluster}");
        }

        if (spec.SyncMode is { Length: > 0 } mode && mode != ClusterSyncMode.Push && mode != ClusterSyncMode.Pull && mode != ClusterSyncMode.Dual)
        {
            return Failed($"spec.syncMode \"{mode}\" is not one of {ClusterSyncMode.Push}, {ClusterSyncMode.Pull}, {ClusterSyncMode.Dual}");
        }

        foreach (var (key, value) in spec.ClusterLabels ?? new Dictionary<string, string>())
        {
            if (ReservedLabels.Contains(key, StringComparer.Ordinal))
            {
                return Denied($"spec.clusterLabels may not set \"{key}\": the approver sets it");
            }

            if (!IsQualifiedName(key) || value.Length > 63 || (value.Length > 0 && !LabelValue().IsMatch(value)))
            {
                return Failed($"spec.clusterLabels has an invalid label \"{key}={value}\"");
            }
        }

        return null;
    }

    private static bool IsQualifiedName(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        return name.Length is > 0 and <= 63 && LabelValue().IsMatch(name)
            && (prefix is null || (prefix.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(prefix)));
    }

    private static Rejection Denied(string message) => new(ApprovedResult.Denied, message);

    private static Rejection Failed(string message) => new(ApprovedResult.Failed, message);

    [GeneratedRegex("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
