using Clusternet.ControlPlane.Tests.Hosting.Kubectl;

namespace Clusternet.ControlPlane.Tests.Security;

/// <summary>
/// kubectl 1.27 and 1.32 over HTTPS with a restricted ServiceAccount's kubeconfig see exactly what RBAC allows: the
/// allowed calls succeed, the others fail with kube-apiserver's Forbidden message, and <c>auth can-i</c> agrees.
/// </summary>
public sealed class RestrictedKubectlTests(KubectlPlanes planes) : IClassFixture<KubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task AllowedCommandsSucceedAndOthersAreForbidden(string minor)
    {
        var target = await planes.ForMinorAsync(minor);
        var ns = "restricted-" + Guid.NewGuid().ToString("N")[..6];
        var kubeconfig = Path.Combine(target.Directory, ns + ".kubeconfig");
        await RestrictedServiceAccount.CreateAsync(target.Plane, ns, kubeconfig);
        var user = RestrictedServiceAccount.UserName(ns);

        Task<(int Code, string Output)> Kubectl(params string[] arguments) =>
            KubectlProcess.RunAsync(["--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(target.Directory, "cache-" + ns), .. arguments]);

        var (createCode, create) = await Kubectl("create", "configmap", "mine", "-n", ns, "--from-literal=a=1");
        Assert.True(createCode == 0, create);
        Assert.Contains("configmap/mine created", create, StringComparison.Ordinal);
        var (getCode, get) = await Kubectl("get", "configmaps", "-n", ns);
        Assert.True(getCode == 0, get);
        Assert.Matches(@"mine\s+1\s+", get);

        var (deleteCode, delete) = await Kubectl("delete", "configmap", "mine", "-n", ns);
        Assert.Equal(1, deleteCode);
        Assert.Contains($"Error from server (Forbidden): configmaps \"mine\" is forbidden: User \"{user}\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"{ns}\"", delete, StringComparison.Ordinal);

        var (secretsCode, secrets) = await Kubectl("get", "secrets", "-n", ns);
        Assert.Equal(1, secretsCode);
        Assert.Contains($"secrets is forbidden: User \"{user}\" cannot list resource \"secrets\" in API group \"\" in the namespace \"{ns}\"", secrets, StringComparison.Ordinal);

        var (elsewhereCode, elsewhere) = await Kubectl("get", "configmaps", "-n", "default");
        Assert.Equal(1, elsewhereCode);
        Assert.Contains($"cannot list resource \"configmaps\" in API group \"\" in the namespace \"default\"", elsewhere, StringComparison.Ordinal);

        var (yesCode, yes) = await Kubectl("auth", "can-i", "create", "configmaps", "-n", ns);
        Assert.True(yesCode == 0, yes);
        Assert.Equal("yes", yes.Trim());
        var (noCode, no) = await Kubectl("auth", "can-i", "delete", "configmaps", "-n", ns);
        Assert.Equal(1, noCode);
        Assert.StartsWith("no", no.Trim(), StringComparison.Ordinal);
    }
}
