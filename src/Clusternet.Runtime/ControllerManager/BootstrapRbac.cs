using Clusternet.Known;
using Clusternet.Runtime.ControllerManager.Approver;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager;

/// <summary>
/// The RBAC bootstrap tokens need, as in <c>deploy/controller-manager/bootstrap-rbac.yaml</c>: ClusterRole and
/// ClusterRoleBinding <c>clusternet:system:bootstrapping</c> (upstream's names) allowing the group
/// <c>system:bootstrappers:clusternet:register-cluster-token</c> to create registration requests — and, unlike
/// upstream, not to read them (see <see cref="BootstrapReaders"/>). Applying corrects an upstream copy already there.
/// </summary>
internal static class BootstrapRbac
{
    public static async Task ApplyAsync(ClusterResources parent, CancellationToken cancellationToken)
    {
        var name = ClusternetNames.BootstrappingClusterRole;
        await RbacObjects.EnsureClusterRoleAsync(parent, new V1ClusterRole
        {
            Metadata = RbacObjects.Metadata(name, null, null),
            Rules = ClusterPermissions.BootstrapRules(),
        }, cancellationToken, force: true).ConfigureAwait(false);
        await RbacObjects.EnsureClusterRoleBindingAsync(parent, new V1ClusterRoleBinding
        {
            Metadata = RbacObjects.Metadata(name, null, null),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
            Subjects = [ClusterPermissions.BootstrapSubject()],
        }, cancellationToken).ConfigureAwait(false);
    }
}
