using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Discovery;
using k8s.Models;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>
/// RBAC's escalation prevention, which kube-apiserver runs in the storage of the four RBAC resources: a user may write
/// a Role or ClusterRole only with every permission it grants already held (where it applies: in the Role's namespace,
/// cluster-wide for a ClusterRole) or with verb <c>escalate</c> on it, and a RoleBinding or ClusterRoleBinding only
/// holding the referenced role's permissions or with verb <c>bind</c> on that role (resourceNames honoured). Setting a
/// ClusterRole's aggregationRule needs full authority. Members of <c>system:masters</c> pass; the server's own writes
/// (no user) are not checked; an update that changes only garbage-collection fields (ownerReferences, finalizers) passes.
/// </summary>
internal sealed class RbacEscalationAdmission(RbacAuthorizer rbac, AuthorizationChain authorization) : IAdmissionPlugin
{
    private static readonly PolicyRule[] FullAuthority = [PolicyRule.ForResources(["*"], ["*"], ["*"]), PolicyRule.ForUrls(["*"], ["*"])];

    public bool Handles(AdmissionRequest request) =>
        request.Resource.Group == RbacPolicyIndex.Group
        && request.Subresource is null
        && request.Operation is AdmissionOperation.Create or AdmissionOperation.Update
        && request.Resource.Resource is "roles" or "clusterroles" or "rolebindings" or "clusterrolebindings"
        && request.User is { } user && !user.InGroup(UserInfo.MastersGroup);

    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var user = request.User!;
        if (request.OldObject is { } old && OnlyGarbageCollectionFieldsChange(old, request.Object))
        {
            return;
        }

        var resource = request.Resource.Resource;
        var name = JsonFields.String(request.Object, "metadata", "name") ?? string.Empty;
        var ns = request.Resource.Namespaced ? request.Namespace : null;
        if (resource is "roles" or "clusterroles")
        {
            if (await AllowedAsync(user, "escalate", resource, ns, request.Operation == AdmissionOperation.Create ? null : name, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            ConfirmNoEscalation(user, ns, PolicyRule.ListFromJson(request.Object), resource, name);
            var aggregation = request.Object["aggregationRule"];
            if (resource == "clusterroles" && aggregation is not null && !JsonNode.DeepEquals(aggregation, request.OldObject?["aggregationRule"]))
            {
                var owned = Owned(user, null, out _);
                if (RuleCoverage.Missing(owned, FullAuthority).Count > 0)
                {
                    throw Forbidden(resource, name, "must have cluster-admin privileges to use the aggregationRule");
                }
            }

            return;
        }

        var roleRef = request.Object["roleRef"] as JsonObject;
        var roleKind = JsonFields.String(roleRef, "kind");
        var roleName = JsonFields.String(roleRef, "name") ?? string.Empty;
        var roleResource = roleKind switch { "ClusterRole" => "clusterroles", "Role" => "roles", _ => null };
        if (roleResource is null)
        {
            return; // validation's concern; a binding to nothing grants nothing
        }

        if (await AllowedAsync(user, "bind", roleResource, ns, roleName, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var rules = rbac.Index.RulesOf(roleKind == "ClusterRole", ns, roleName)
            ?? throw StatusException.Create(404, "NotFound", $"{roleResource}.{RbacPolicyIndex.Group} {GoQuote.String(roleName)} not found", new V1StatusDetails { Name = roleName, Group = RbacPolicyIndex.Group, Kind = roleResource });
        ConfirmNoEscalation(user, ns, rules, resource, name);
    }

    private async ValueTask<bool> AllowedAsync(UserInfo user, string verb, string resource, string? ns, string? name, CancellationToken cancellationToken)
    {
        var attributes = new AuthorizationAttributes(user, verb, true, string.Empty, RbacPolicyIndex.Group, "*", ns, resource, null, name);
        var decision = await authorization.DecideAsync(attributes, cancellationToken).ConfigureAwait(false);
        return decision.Kind == AuthorizationDecisionKind.Allow;
    }

    private void ConfirmNoEscalation(UserInfo user, string? ns, IReadOnlyList<PolicyRule> rules, string resource, string name)
    {
        var owned = Owned(user, ns, out var errors);
        var missing = RuleCoverage.Missing(owned, rules);
        if (missing.Count == 0)
        {
            return;
        }

        var message = $"user {GoQuote.String(user.Name)} (groups={GoQuote.List(user.Groups)}) is attempting to grant RBAC permissions not currently held:\n{RuleCoverage.Describe(missing)}";
        if (errors.Count > 0)
        {
            // Go prints the one aggregated error inside a slice: "[e]", or "[[e1, e2]]" for several.
            var distinct = errors.Distinct(StringComparer.Ordinal).ToList();
            message += $"; resolution errors: [{(distinct.Count == 1 ? distinct[0] : "[" + string.Join(", ", distinct) + "]")}]";
        }

        throw Forbidden(resource, name, message);
    }

    private List<PolicyRule> Owned(UserInfo user, string? ns, out List<string> errors)
    {
        var owned = new List<PolicyRule>();
        errors = [];
        rbac.Collect(user, ns, owned, errors);
        return owned;
    }

    // kube's NewForbidden wording: `roles.rbac.authorization.k8s.io "name" is forbidden: <why>`.
    private static StatusException Forbidden(string resource, string name, string why) =>
        StatusException.Create(
            403,
            "Forbidden",
            $"{resource}.{RbacPolicyIndex.Group} {GoQuote.String(name)} is forbidden: {why}",
            new V1StatusDetails { Name = name, Group = RbacPolicyIndex.Group, Kind = resource });

    // kube lets an update through unchecked when it touches only what the garbage collector needs to remove the object.
    private static bool OnlyGarbageCollectionFieldsChange(JsonObject old, JsonObject updated)
    {
        return JsonNode.DeepEquals(Strip(old), Strip(updated));

        static JsonObject Strip(JsonObject obj)
        {
            var copy = obj.DeepClone().AsObject();
            if (copy["metadata"] is JsonObject metadata)
            {
                foreach (var field in new[] { "ownerReferences", "finalizers", "resourceVersion", "managedFields", "generation" })
                {
                    metadata.Remove(field);
                }
            }

            return copy;
        }
    }
}
