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
                var name = role.Metadata.Name;
                roles.TryGetValue(name, out var previous);
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified:
                        roles[name] = role;
                        break;
                    case WatchEventType.Deleted:
                        roles.Remove(name);
                        break;
                    case WatchEventType.Bookmark:
                        continue;
                    default:
                        throw new InvalidOperationException("the ClusterRole watch reported an error"); // the host restarts us with a relist
                }

                // Most ClusterRoles feed no aggregated role (a fleet adds one per cluster); recomputing every aggregated
                // role over all of them on each such change would make N roles cost N² work.
                if (Feeds(role, roles) || (previous is not null && Feeds(previous, roles)))
                {
                    await ReconcileAsync(api, roles, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>Whether a change of <paramref name="role"/> can change an aggregated role: it is one, or one selects it.</summary>
    internal static bool Feeds(V1ClusterRole role, Dictionary<string, V1ClusterRole> roles)
    {
        if (IsAggregated(role))
        {
            return true;
        }

        var labels = LabelsOf(role);
        return roles.Values.Any(r => IsAggregated(r) && r.AggregationRule.ClusterRoleSelectors.Any(s => LabelSelector.FromObject(s).Matches(labels)));
    }

    private static Dictionary<string, string>? LabelsOf(V1ClusterRole role) =>
        role.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels) : null;

    /// <summary>The rules an aggregated role should have, given every ClusterRole.</summary>
    internal static List<V1PolicyRule> Aggregate(V1ClusterRole role, IEnumerable<V1ClusterRole> all)
    {
        var rules = new List<V1PolicyRule>();
        var others = all.Where(r => r.Metadata.Name != role.Metadata.Name).ToList();
        foreach (var selector in role.AggregationRule.ClusterRoleSelectors.Select(s => LabelSelector.FromObject(s)))
        {
            // Select first, then order the few that match by name.
            var selected = others.Where(r => selector.Matches(LabelsOf(r))).OrderBy(r => r.Metadata.Name, StringComparer.Ordinal);
            foreach (var source in selected)
            {
                rules.AddRange((source.Rules ?? []).Where(rule => !rules.Any(have => Same(have, rule))));
            }
        }

        return rules;
    }

    private static async Task ReconcileAsync(IRbacAuthorizationV1Operations api, Dictionary<string, V1ClusterRole> roles, CancellationToken cancellationToken)
    {
        foreach (var role in roles.Values.Where(IsAggregated).ToList())
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

    private static bool IsAggregated(V1ClusterRole role) => role.AggregationRule?.ClusterRoleSelectors is { Count: > 0 };

    private static bool Same(V1PolicyRule a, V1PolicyRule b) =>
        Same(a.Verbs, b.Verbs) && Same(a.ApiGroups, b.ApiGroups) && Same(a.Resources, b.Resources)
        && Same(a.ResourceNames, b.ResourceNames) && Same(a.NonResourceURLs, b.NonResourceURLs);

    private static bool Same(IList<string>? a, IList<string>? b) => (a ?? []).SequenceEqual(b ?? [], StringComparer.Ordinal);
}
