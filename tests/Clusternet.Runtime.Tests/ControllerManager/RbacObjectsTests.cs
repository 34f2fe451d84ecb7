using Clusternet.Known;
using Clusternet.Runtime.ControllerManager;
using Clusternet.Runtime.ControllerManager.Approver;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.ControllerManager;

/// <summary>
/// Create-or-correct of the controller manager's RBAC objects against a real API server: an object carrying
/// <c>clusternet.io/autoupdate: "true"</c> is brought back to what is desired, one without it is left as its owner pinned it.
/// </summary>
public sealed class RbacObjectsTests : IAsyncLifetime
{
    private ParentCluster _parent = null!;
    private ClusterResources _resources = null!;

    public async Task InitializeAsync()
    {
        _parent = await ParentCluster.StartAsync(startControllerManager: false);
        _resources = new ClusterResources(_parent.Admin);
        await _parent.Admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "rbac-objects" } });
    }

    public async Task DisposeAsync() => await _parent.DisposeAsync();

    [Fact]
    public async Task AnAutoUpdatingClusterRoleGetsTheDesiredRulesBack()
    {
        await RbacObjects.EnsureClusterRoleAsync(_resources, ClusterRole("auto", "get"), CancellationToken.None);
        await RbacObjects.EnsureClusterRoleAsync(_resources, ClusterRole("auto", "list"), CancellationToken.None);

        var role = await _parent.Admin.RbacAuthorizationV1.ReadClusterRoleAsync("auto");
        Assert.Equal(["list"], role.Rules.Single().Verbs);
    }

    [Fact]
    public async Task APinnedRoleIsLeftAsItsOwnerEditedIt()
    {
        await RbacObjects.EnsureRoleAsync(_resources, Role("pinned", "get"), CancellationToken.None);
        var edited = await _parent.Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("pinned", "rbac-objects");
        edited.Metadata.Annotations.Remove(ClusternetAnnotations.AutoUpdate);
        edited.Rules[0].Verbs = ["watch"];
        await _parent.Admin.RbacAuthorizationV1.ReplaceNamespacedRoleAsync(edited, "pinned", "rbac-objects");

        await RbacObjects.EnsureRoleAsync(_resources, Role("pinned", "get"), CancellationToken.None);

        var role = await _parent.Admin.RbacAuthorizationV1.ReadNamespacedRoleAsync("pinned", "rbac-objects");
        Assert.Equal(["watch"], role.Rules.Single().Verbs);
    }

    [Fact]
    public async Task ABindingGetsTheDesiredSubjectsBack()
    {
        await RbacObjects.EnsureRoleBindingAsync(_resources, RoleBinding("subjects", "reader", "alice"), CancellationToken.None);
        await RbacObjects.EnsureRoleBindingAsync(_resources, RoleBinding("subjects", "reader", "bob"), CancellationToken.None);

        var binding = await _parent.Admin.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("subjects", "rbac-objects");
        Assert.Equal("bob", binding.Subjects.Single().Name);
    }

    [Fact]
    public async Task ABindingToAnotherRoleIsReplacedSinceRoleRefIsImmutable()
    {
        await RbacObjects.EnsureClusterRoleBindingAsync(_resources, ClusterRoleBinding("moved", "old-role"), CancellationToken.None);
        var before = await _parent.Admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync("moved");

        await RbacObjects.EnsureClusterRoleBindingAsync(_resources, ClusterRoleBinding("moved", "new-role"), CancellationToken.None);

        var after = await _parent.Admin.RbacAuthorizationV1.ReadClusterRoleBindingAsync("moved");
        Assert.Equal("new-role", after.RoleRef.Name);
        Assert.NotEqual(before.Metadata.Uid, after.Metadata.Uid);
    }

    private static V1ClusterRole ClusterRole(string name, string verb) => new()
    {
        Metadata = RbacObjects.Metadata(name, null, null),
        Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = [verb] }],
    };

    private static V1Role Role(string name, string verb) => new()
    {
        Metadata = RbacObjects.Metadata(name, "rbac-objects", null),
        Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = [verb] }],
    };

    private static V1RoleBinding RoleBinding(string name, string role, string user) => new()
    {
        Metadata = RbacObjects.Metadata(name, "rbac-objects", null),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = role },
        Subjects = [new Rbacv1Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = user }],
    };

    private static V1ClusterRoleBinding ClusterRoleBinding(string name, string role) => new()
    {
        Metadata = RbacObjects.Metadata(name, null, null),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = role },
        Subjects = [new Rbacv1Subject { Kind = "User", ApiGroup = "rbac.authorization.k8s.io", Name = "carol" }],
    };
}
