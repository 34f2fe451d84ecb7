using System.Net;
using Clusternet.ControlPlane.Controllers;
using Clusternet.ControlPlane.Selectors;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// kube-controller-manager's clusterrole-aggregation controller: a ClusterRole with an <c>aggregationRule</c> gets as
/// its rules the union of the rules of every other ClusterRole matching one of its selectors (selector by selector,
/// roles in name order, each distinct rule once). It lists and watches ClusterRoles through the loopback client and
/// recomputes the aggregated roles on every change, so chains (view → edit → admin) settle in a few rounds.
/// </summary>
internal sealed class ClusterRoleAggregationController : IControlPlaneController
{
    public string Name => "clusterrole-aggregation";

    public async Task RunAsync(ControllerContext context, CancellationToken cancellationToken)
    {
        var api = context.Client.RbacAuthorizationV1;
        while (!cancellationToken.IsCancellationRequested)
        {
            var list = await api.ListClusterRoleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var roles = list.Items.ToDictionary(r => r.Metadata.Name, StringComparer.Ordinal);
            await ReconcileAsync(api, roles, cancellationToken).ConfigureAwait(false);

            var watch = api.WatchListClusterRoleAsync(resourceVersion: list.Metadata.ResourceVersion, allowWatchBookmarks: true, cancellationToken: cancellationToken);
            await foreach (var (type, role) in watch.ConfigureAwait(false))
            {
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        roles[role.Metadata.Name] = role;
                        break;
                    case WatchEventType.Deleted:
                        roles.Remove(role.Metadata.Name);
                        break;
                    case WatchEventType.Bookmark:
                        continue;
                    default:
                        throw new InvalidOperationException("the ClusterRole watch reported an error"); // the host restarts us with a relist
                }

                await ReconcileAsync(api, roles, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The rules an aggregated role should have, given every ClusterRole.</summary>
    internal static List<V1PolicyRule> Aggregate(V1ClusterRole role, IEnumerable<V1ClusterRole> all)
    {
        var rules = new List<V1PolicyRule>();
        var ordered = all.Where(r => r.Metadata.Name != role.Metadata.Name).OrderBy(r => r.Metadata.Name, StringComparer.Ordinal).ToList();
        foreach (var selector in role.AggregationRule.ClusterRoleSelectors.Select(s => LabelSelector.FromObject(s)))
        {
            foreach (var source in ordered.Where(r => selector.Matches(r.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels) : null)))
            {
                rules.AddRange((source.Rules ?? []).Where(rule => !rules.Any(have => Same(have, rule))));
            }
        }

        return rules;
    }

    private static async Task ReconcileAsync(IRbacAuthorizationV1Operations api, Dictionary<string, V1ClusterRole> roles, CancellationToken cancellationToken)
    {
        foreach (var role in roles.Values.Where(r => r.AggregationRule?.ClusterRoleSelectors is { Count: > 0 }).ToList())
        {
            var rules = Aggregate(role, roles.Values);
            var current = role.Rules ?? [];
            if (current.Count == rules.Count && current.Zip(rules).All(p => Same(p.First, p.Second)))
            {
                continue;
            }

            role.Rules = rules;
            try
            {
                roles[role.Metadata.Name] = await api.ReplaceClusterRoleAsync(role, role.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
            {
                // a newer version (or the deletion) is on its way through the watch; it triggers the next round
            }
        }
    }

    private static bool Same(V1PolicyRule a, V1PolicyRule b) =>
        Same(a.Verbs, b.Verbs) && Same(a.ApiGroups, b.ApiGroups) && Same(a.Resources, b.Resources)
        && Same(a.ResourceNames, b.ResourceNames) && Same(a.NonResourceURLs, b.NonResourceURLs);

    private static bool Same(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);
}
