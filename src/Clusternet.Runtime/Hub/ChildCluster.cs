using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Autorest;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// What the hub knows about a child cluster to proxy to it: its ManagedCluster (found by label
/// <c>clusters.clusternet.io/cluster-id</c>, in any namespace — the cluster's dedicated namespace) and the
/// <c>child-cluster-deployer</c> Secret there.
/// </summary>
/// <param name="ClusterId">The cluster's id.</param>
/// <param name="Namespace">The dedicated namespace in the parent.</param>
/// <param name="ApiServerUrl">The child's API server: <c>status.apiserverURL</c>, else the Secret's <c>apiserver-advertise-url</c>.</param>
/// <param name="UseSocket">False only when the ManagedCluster says <c>status.useSocket: false</c>.</param>
/// <param name="Token">The registered child token (Secret key <c>token</c>), if any.</param>
/// <param name="CaPem">The child's CA (Secret key <c>ca.crt</c>), if any.</param>
internal sealed record ChildCluster(string ClusterId, string Namespace, Uri? ApiServerUrl, bool UseSocket, string? Token, string? CaPem)
{
    /// <summary>Looks the cluster up in the parent; null when no ManagedCluster carries the id.</summary>
    public static async Task<ChildCluster?> LookUpAsync(Kubernetes parent, string clusterId, CancellationToken cancellationToken)
    {
        var clusters = await parent.Resource<ManagedCluster, ManagedClusterList>()
            .ListAsync(new ListOptions { LabelSelector = ClusternetLabels.ClusterId + "=" + clusterId }, cancellationToken).ConfigureAwait(false);
        var cluster = clusters.Items.FirstOrDefault();
        if (cluster?.Metadata?.NamespaceProperty is not { Length: > 0 } ns)
        {
            return null;
        }

        IDictionary<string, byte[]>? data = null;
        try
        {
            var secret = await parent.CoreV1.ReadNamespacedSecretAsync(ClusternetNames.ChildClusterSecret, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            data = secret.Data;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // No registered credentials: only callers bringing child credentials can reach this cluster.
        }

        var url = cluster.Status?.ApiServerUrl is { Length: > 0 } statusUrl ? statusUrl : Text(data, ClusternetSecretKeys.ApiServerUrl);
        return new ChildCluster(
            clusterId,
            ns,
            Uri.TryCreate(url, UriKind.Absolute, out var apiServer) ? apiServer : null,
            cluster.Status?.UseSocket != false,
            Text(data, ClusternetSecretKeys.Token),
            Text(data, ClusternetSecretKeys.CaCertificate));
    }

    private static string? Text(IDictionary<string, byte[]>? data, string key) =>
        data is not null && data.TryGetValue(key, out var bytes) && bytes.Length > 0 ? Encoding.UTF8.GetString(bytes).Trim() : null;
}
