using System.Text.Json;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Controllers.Dynamic;

/// <summary>
/// Discovery through the loopback client: the core group and the preferred version of every group (CRDs included),
/// top-level resources only (subresources such as <c>pods/status</c> are not separate collections).
/// </summary>
internal static class ApiResourceDiscovery
{
    public static async Task<IReadOnlyList<ApiResource>> DiscoverAsync(IKubernetes client, CancellationToken cancellationToken)
    {
        var resources = new List<ApiResource>();
        var core = await client.CoreV1.GetAPIResourcesAsync(cancellationToken).ConfigureAwait(false);
        resources.AddRange(From(string.Empty, "v1", core));
        var groups = await client.Apis.GetAPIVersionsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var group in groups.Groups ?? [])
        {
            var version = group.PreferredVersion?.Version ?? group.Versions?.FirstOrDefault()?.Version;
            if (version is null)
            {
                continue;
            }

            // CustomObjects with an empty plural reads the group-version's discovery document (/apis/<group>/<version>/).
            var document = await client.CustomObjects.ListClusterCustomObjectAsync(group.Name, version, string.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            var list = KubernetesJson.Deserialize<V1APIResourceList>(((JsonElement)document).GetRawText());
            resources.AddRange(From(group.Name, version, list));
        }

        return resources;
    }

    private static IEnumerable<ApiResource> From(string group, string version, V1APIResourceList? list) =>
        (list?.Resources ?? []).Where(r => !r.Name.Contains('/', StringComparison.Ordinal))
            .Select(r => new ApiResource(group, version, r.Name, r.Kind, r.Namespaced, [.. r.Verbs ?? []]));
}
