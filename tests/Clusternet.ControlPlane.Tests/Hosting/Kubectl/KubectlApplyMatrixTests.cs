namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>
/// kubectl's declarative commands and discovery with kubectl 1.27 and 1.32, each against a plane reporting that minor:
/// create -f, client-side apply twice, server-side apply with a conflict and --force-conflicts, scale, imperative
/// create and api-resources.
/// </summary>
public sealed class KubectlApplyMatrixTests(KubectlPlanes planes) : IClassFixture<KubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task CreateFromAFileCreatesTheObject(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("create");
        var output = await kubectl.SucceedAsync("create", "-n", ns, "-f", await kubectl.WriteAsync("cm.yaml", ConfigMapYaml("1")));
        Assert.Contains("configmap/settings created", output, StringComparison.Ordinal);
        Assert.Matches(@"settings\s+1\s+", await kubectl.SucceedAsync("get", "configmaps", "-n", ns));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ClientSideApplyCreatesThenConfiguresOnlyWhatChanged(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("apply");
        var first = await kubectl.SucceedAsync("apply", "-n", ns, "-f", await kubectl.WriteAsync("app.yaml", ConfigMapYaml("1") + "---\n" + DeploymentYaml(2)));
        Assert.Contains("configmap/settings created", first, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web created", first, StringComparison.Ordinal);

        var second = await kubectl.SucceedAsync("apply", "-n", ns, "-f", await kubectl.WriteAsync("app.yaml", ConfigMapYaml("2") + "---\n" + DeploymentYaml(2)));
        Assert.Contains("configmap/settings configured", second, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web unchanged", second, StringComparison.Ordinal);

        var yaml = await kubectl.SucceedAsync("get", "deploy", "web", "-n", ns, "-o", "yaml");
        Assert.Contains("  replicas: 2", yaml, StringComparison.Ordinal);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", yaml, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ServerSideApplyConflictsUntilForced(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("ssa");
        var applied = await kubectl.SucceedAsync("apply", "--server-side", "-n", ns, "-f", await kubectl.WriteAsync("cm.yaml", ConfigMapYaml("1")));
        Assert.Contains("configmap/settings serverside-applied", applied, StringComparison.Ordinal);

        var changed = await kubectl.WriteAsync("cm.yaml", ConfigMapYaml("2"));
        var (code, conflict) = await kubectl.RunAsync("apply", "--server-side", "--field-manager", "other", "-n", ns, "-f", changed);
        Assert.NotEqual(0, code);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .data.a", conflict, StringComparison.Ordinal);
        Assert.Equal("1", await kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.a}"));

        var forced = await kubectl.SucceedAsync("apply", "--server-side", "--field-manager", "other", "--force-conflicts", "-n", ns, "-f", changed);
        Assert.Contains("configmap/settings serverside-applied", forced, StringComparison.Ordinal);
        Assert.Equal("2", await kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "jsonpath={.data.a}"));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ScaleSetsTheDeploymentsReplicas(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("scale");
        await kubectl.SucceedAsync("apply", "-n", ns, "-f", await kubectl.WriteAsync("deploy.yaml", DeploymentYaml(1)));
        Assert.Contains("deployment.apps/web scaled", await kubectl.SucceedAsync("scale", "deploy/web", "-n", ns, "--replicas=3"), StringComparison.Ordinal);
        Assert.Equal("3", await kubectl.SucceedAsync("get", "deploy", "web", "-n", ns, "-o", "jsonpath={.spec.replicas}"));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ImperativeCreateMakesANamespaceAConfigMapAndASecret(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = "team-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Contains($"namespace/{ns} created", await kubectl.SucceedAsync("create", "namespace", ns), StringComparison.Ordinal);
        Assert.Contains("configmap/conf created", await kubectl.SucceedAsync("create", "configmap", "conf", "-n", ns, "--from-literal=k=v"), StringComparison.Ordinal);
        Assert.Contains("secret/creds created", await kubectl.SucceedAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret"), StringComparison.Ordinal);

        Assert.Equal("v", await kubectl.SucceedAsync("get", "configmap", "conf", "-n", ns, "-o", "jsonpath={.data.k}"));
        Assert.Equal(Convert.ToBase64String("s3cret"u8.ToArray()), await kubectl.SucceedAsync("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.data.password}"));
        Assert.Equal("Active", await kubectl.SucceedAsync("get", "namespace", ns, "-o", "jsonpath={.status.phase}"));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ApiResourcesListsBuiltInKinds(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var output = await kubectl.SucceedAsync("api-resources");
        Assert.Matches(@"(?m)^configmaps\s+cm\s+v1\s+true\s+ConfigMap\s*$", output);
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$", output);
        Assert.Matches(@"(?m)^customresourcedefinitions\s+crd,crds\s+apiextensions.k8s.io/v1\s+false\s+CustomResourceDefinition\s*$", output);
    }

    private static string ConfigMapYaml(string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"{value}\"\n";

    private static string DeploymentYaml(int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27

        """;
}
