using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// Brings the <see cref="BootstrapPolicy"/> into storage at start, as kube-apiserver's <c>rbac/bootstrap-roles</c>
/// post-start hook does: missing objects are created; existing ones get the missing labels, annotations, rules,
/// aggregation selectors and subjects added (nothing is removed), unless annotated
/// <c>rbac.authorization.kubernetes.io/autoupdate: "false"</c>. A binding whose roleRef differs is recreated, since
/// roleRef cannot be changed in place. It runs before the server listens, so the first request sees the defaults.
/// </summary>
internal static class BootstrapPolicyReconciler
{
    public static async Task ReconcileAsync(IObjectStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        foreach (var expected in BootstrapPolicy.ClusterRoles())
        {
            await ReconcileAsync(store, RbacResources.ClusterRoles, expected, MergeRole, time, cancellationToken).ConfigureAwait(false);
        }

        foreach (var expected in BootstrapPolicy.ClusterRoleBindings())
        {
            await ReconcileAsync(store, RbacResources.ClusterRoleBindings, expected, MergeBinding, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task ReconcileAsync(IObjectStore store, string resource, JsonObject expected, Func<JsonObject, JsonObject, bool> merge, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = new StorageKey(resource, null, JsonFields.String(expected, "metadata", "name")!);
        var existing = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            await CreateAsync(store, key, expected, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (resource == RbacResources.ClusterRoleBindings && !JsonNode.DeepEquals(existing["roleRef"], expected["roleRef"]) && AutoUpdates(existing))
        {
            MergeBinding(expected, existing);
            await store.DeleteAsync(key, null, cancellationToken).ConfigureAwait(false);
            await CreateAsync(store, key, expected, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        await store.GuaranteedUpdateAsync(key, current => current is not null && AutoUpdates(current) && merge(current, expected) ? current : null, cancellationToken).ConfigureAwait(false);
    }

    private static async Task CreateAsync(IObjectStore store, StorageKey key, JsonObject obj, TimeProvider time, CancellationToken cancellationToken)
    {
        ObjectMetadata.PrepareForCreate(obj, time.GetUtcNow());
        try
        {
            await store.CreateAsync(key, obj, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageAlreadyExistsException)
        {
            // another server instance on the same data won the race; the next start reconciles it
        }
    }

    private static bool AutoUpdates(JsonObject obj) =>
        JsonFields.String(obj, "metadata", "annotations", BootstrapPolicy.AutoUpdateAnnotation) != "false";

    // Adds to `current` what `expected` has and it lacks; true when something changed.
    private static bool MergeRole(JsonObject current, JsonObject expected)
    {
        var changed = MergeMetadata(current, expected);
        if (expected["aggregationRule"] is JsonObject rule)
        {
            var selectors = JsonFields.Array(rule, "clusterRoleSelectors");
            var currentRule = Child(current, "aggregationRule", () => new JsonObject());
            var currentSelectors = Child(currentRule, "clusterRoleSelectors", () => new JsonArray());
            foreach (var selector in selectors.Where(s => !currentSelectors.Any(c => JsonNode.DeepEquals(c, s))))
            {
                currentSelectors.Add(selector!.DeepClone());
                changed = true;
            }

            return changed; // an aggregated role's rules belong to the aggregation controller
        }

        var owned = PolicyRule.ListFromJson(current);
        var missing = PolicyRule.ListFromJson(expected).Where(r => RuleCoverage.Missing(owned, [r]).Count > 0).ToList();
        if (missing.Count > 0)
        {
            var rules = Child(current, "rules", () => new JsonArray());
            foreach (var r in missing)
            {
                rules.Add(r.ToJson());
            }

            changed = true;
        }

        return changed;
    }

    private static bool MergeBinding(JsonObject current, JsonObject expected)
    {
        var changed = MergeMetadata(current, expected);
        var subjects = Child(current, "subjects", () => new JsonArray());
        foreach (var subject in JsonFields.Array(expected, "subjects").Where(s => !subjects.Any(c => SameSubject(c, s))))
        {
            subjects.Add(subject!.DeepClone());
            changed = true;
        }

        return changed;
    }

    private static bool SameSubject(JsonNode? a, JsonNode? b) =>
        JsonFields.String(a, "kind") == JsonFields.String(b, "kind")
        && JsonFields.String(a, "name") == JsonFields.String(b, "name")
        && (JsonFields.String(a, "namespace") ?? string.Empty) == (JsonFields.String(b, "namespace") ?? string.Empty);

    private static bool MergeMetadata(JsonObject current, JsonObject expected)
    {
        var changed = false;
        var metadata = ObjectMetadata.Of(current);
        foreach (var field in new[] { "labels", "annotations" })
        {
            var have = Child(metadata, field, () => new JsonObject());
            foreach (var (name, value) in JsonFields.Object(expected, "metadata", field) ?? [])
            {
                if (!have.ContainsKey(name))
                {
                    have[name] = value?.DeepClone();
                    changed = true;
                }
            }

        }

        return changed;
    }

    // The child object or array under `name`, created (and attached) when absent or null.
    private static T Child<T>(JsonObject parent, string name, Func<T> create)
        where T : JsonNode
    {
        if (parent[name] is T found)
        {
            return found;
        }

        var created = create();
        parent[name] = created;
        return created;
    }
}
