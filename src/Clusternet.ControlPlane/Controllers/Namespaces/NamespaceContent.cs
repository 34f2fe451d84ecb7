using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Controllers.Dynamic;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Controllers.Namespaces;

/// <summary>Deletes what a Terminating namespace holds and reports what is left.</summary>
internal static class NamespaceContent
{
    public static async Task<DeletionProgress> DeleteAsync(IKubernetes client, string ns, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApiResource> resources;
        try
        {
            resources = await ApiResourceDiscovery.DiscoverAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeletionProgress(e.Message, [], [], new Dictionary<string, int>());
        }

        var failed = new List<string>();
        var remaining = new List<(ApiResource Resource, int Count)>();
        var finalizers = new Dictionary<string, int>(StringComparer.Ordinal);
        var background = new V1DeleteOptions { PropagationPolicy = "Background" };
        foreach (var resource in resources.Where(r => r.Namespaced && r.Verbs.Contains("list") && (r.Deletable || r.Verbs.Contains("deletecollection"))))
        {
            try
            {
                if (resource.Verbs.Contains("deletecollection"))
                {
                    await client.CustomObjects.DeleteCollectionNamespacedCustomObjectAsync(resource.Group, resource.Version, ns, resource.Resource, background, cancellationToken: cancellationToken).ConfigureAwait(false);
                }

                var left = JsonFields.Array(await DynamicObjects.ListAsync(client, resource, ns, cancellationToken).ConfigureAwait(false), "items").OfType<JsonObject>().ToList();
                foreach (var item in left.Where(i => JsonFields.String(i, "metadata", "deletionTimestamp") is null))
                {
                    // without deletecollection, or created in between: one by one
                    await DynamicObjects.DeleteAsync(client, resource, ns, JsonFields.String(item, "metadata", "name")!, null, "Background", cancellationToken).ConfigureAwait(false);
                }

                if (left.Count > 0)
                {
                    left = JsonFields.Array(await DynamicObjects.ListAsync(client, resource, ns, cancellationToken).ConfigureAwait(false), "items").OfType<JsonObject>().ToList();
                }

                if (left.Count > 0)
                {
                    remaining.Add((resource, left.Count));
                    foreach (var finalizer in left.SelectMany(i => JsonFields.Array(i, "metadata", "finalizers")).Select(f => f?.ToString() ?? string.Empty))
                    {
                        finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + 1;
                    }
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                failed.Add(resource + ": " + e.Message);
            }
        }

        return new DeletionProgress(null, failed, remaining, finalizers);
    }
}

/// <summary>The outcome of one pass over a Terminating namespace.</summary>
/// <param name="DiscoveryError">Why discovery failed, or null.</param>
/// <param name="Failures">The resources whose content could not be deleted, with the error.</param>
/// <param name="Remaining">The resources that still have objects, with how many.</param>
/// <param name="Finalizers">The finalizers of the objects left, with how many objects carry each.</param>
internal sealed record DeletionProgress(
    string? DiscoveryError,
    IReadOnlyList<string> Failures,
    IReadOnlyList<(ApiResource Resource, int Count)> Remaining,
    IReadOnlyDictionary<string, int> Finalizers)
{
    /// <summary>Whether the namespace is empty and may be finalized.</summary>
    public bool Finished => DiscoveryError is null && Failures.Count == 0 && Remaining.Count == 0;
}
