using k8s;
using k8s.Models;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Security;

/// <summary>
/// A ServiceAccount bound by a Role to get, list, watch and create ConfigMaps in its own namespace and nothing else,
/// with a kubeconfig carrying a token from the TokenRequest API — what a platform team hands to a restricted user.
/// </summary>
internal static class RestrictedServiceAccount
{
    public const string Name = "reader";

    public static string UserName(string ns) => $"system:serviceaccount:{ns}:{Name}";

    /// <summary>Creates the namespace, account, Role and RoleBinding through the admin, and writes the account's kubeconfig.</summary>
    public static async Task<string> CreateAsync(Plane plane, string ns, string kubeconfigPath)
    {
        using var admin = new Kubernetes(plane.CreateAdminConfiguration());
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = Name } }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(
            new V1Role
            {
                Metadata = new V1ObjectMeta { Name = "configmap-writer" },
                Rules = [new V1PolicyRule { ApiGroups = [""], Resources = ["configmaps"], Verbs = ["get", "list", "watch", "create"] }],
            },
            ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = "reader-writes-configmaps" },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "configmap-writer" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = Name, NamespaceProperty = ns }],
            },
            ns);
        var token = await admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(
            new Authenticationv1TokenRequest { Spec = new V1TokenRequestSpec { ExpirationSeconds = 3600 } }, Name, ns);
        await plane.WriteKubeconfigAsync(kubeconfigPath, token.Status.Token);

        // RBAC objects reach the authorizer through its watch: wait until the binding is in effect.
        var configuration = plane.CreateConfiguration(token.Status.Token);
        using var restricted = new Kubernetes(configuration);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await restricted.CoreV1.ListNamespacedConfigMapAsync(ns);
                return token.Status.Token;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Forbidden && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
