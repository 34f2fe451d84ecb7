using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The discovery priorities of locally served group-versions and the local APIService objects that record them.
/// kube-apiserver registers an APIService without a service (<c>v1.</c>, <c>v1.apps</c>, …) for each built-in
/// group-version with fixed priorities; aggregated groups are ordered among them by their own
/// <c>groupPriorityMinimum</c>. CRD groups get 1000/100, as kube-apiserver's CRD registration gives them.
/// </summary>
internal static class ApiServicePriorities
{
    /// <summary>The priority of a group-version served by a CustomResourceDefinition (or otherwise unknown).</summary>
    public static readonly (int Group, int Version) Default = (1000, 100);

    private static readonly Dictionary<string, (int Group, int Version)> BuiltIn = new(StringComparer.Ordinal)
    {
        ["v1"] = (18000, 1),
        ["apiregistration.k8s.io/v1"] = (18000, 15),
        ["apps/v1"] = (17800, 15),
        ["events.k8s.io/v1"] = (17750, 15),
        ["authentication.k8s.io/v1"] = (17700, 15),
        ["authorization.k8s.io/v1"] = (17600, 15),
        ["autoscaling/v1"] = (17500, 15),
        ["autoscaling/v2"] = (17500, 30),
        ["batch/v1"] = (17400, 15),
        ["certificates.k8s.io/v1"] = (17300, 15),
        ["networking.k8s.io/v1"] = (17200, 15),
        ["policy/v1"] = (17100, 15),
        ["rbac.authorization.k8s.io/v1"] = (17000, 15),
        ["storage.k8s.io/v1"] = (16800, 15),
        ["admissionregistration.k8s.io/v1"] = (16700, 15),
        ["apiextensions.k8s.io/v1"] = (16700, 15),
        ["scheduling.k8s.io/v1"] = (16600, 15),
        ["coordination.k8s.io/v1"] = (16500, 15),
        ["node.k8s.io/v1"] = (16300, 15),
        ["discovery.k8s.io/v1"] = (16200, 15),
        ["flowcontrol.apiserver.k8s.io/v1"] = (16100, 21),
    };

    /// <summary>Whether a group-version is one of kube-apiserver's own (as opposed to a CRD's).</summary>
    public static bool IsBuiltIn(string groupVersion) => BuiltIn.ContainsKey(groupVersion);

    /// <summary>The priorities of a locally served group-version.</summary>
    public static (int Group, int Version) Of(string groupVersion) =>
        BuiltIn.TryGetValue(groupVersion, out var priority) ? priority : Default;

    /// <summary>
    /// Creates the local APIService of every built-in group-version the catalog serves (skipping any that exists, so
    /// a user's change survives a restart as upstream's "onstart" ones do), Available with reason Local.
    /// </summary>
    public static async Task RegisterLocalAsync(IObjectStore store, ResourceCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var version in catalog.Groups().SelectMany(g => g.Versions).Where(v => IsBuiltIn(v.GroupVersion)))
        {
            var name = version.Version + "." + version.Group;
            var key = new StorageKey(ApiServiceIndex.StorageResource, null, name);
            if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            var (group, versionPriority) = Of(version.GroupVersion);
            var now = time.GetUtcNow();
            var apiService = new JsonObject
            {
                ["apiVersion"] = "apiregistration.k8s.io/v1",
                ["kind"] = "APIService",
                ["metadata"] = new JsonObject
                {
                    ["name"] = name,
                    ["labels"] = new JsonObject { ["kube-aggregator.kubernetes.io/automanaged"] = "onstart" },
                },
                ["spec"] = new JsonObject
                {
                    ["group"] = version.Group,
                    ["version"] = version.Version,
                    ["groupPriorityMinimum"] = (long)group,
                    ["versionPriority"] = (long)versionPriority,
                },
                ["status"] = new JsonObject { ["conditions"] = new JsonArray(AvailabilityCondition.Local(now)) },
            };
            ObjectMetadata.PrepareForCreate(apiService, now);
            try
            {
                await store.CreateAsync(key, apiService, cancellationToken).ConfigureAwait(false);
            }
            catch (StorageAlreadyExistsException)
            {
                // created meanwhile: theirs stands
            }
        }
    }
}
