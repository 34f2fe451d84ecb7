namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>
/// kubectl's writing commands (patch in its three types, label, annotate, imperative create, delete through a finalizer,
/// diff) with kubectl 1.27 and 1.32, each against a plane reporting that minor.
/// </summary>
public sealed class KubectlWriteMatrixTests(KubectlPlanes planes) : IClassFixture<KubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task PatchTypeMergeChangesAndRemovesKeys(string minor)
    {
        var (kubectl, ns) = await ConfigMapAsync(minor, "merge");
        var output = await kubectl.SucceedAsync("patch", "configmap", "conf", "-n", ns, "--type", "merge", "-p", """{"data":{"a":"10","b":null}}""");
        Assert.Contains("configmap/conf patched", output, StringComparison.Ordinal);
        Assert.Equal("a=10;b=", await DataAsync(kubectl, ns));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task PatchTypeJsonAppliesTheOperations(string minor)
    {
        var (kubectl, ns) = await ConfigMapAsync(minor, "json");
        var output = await kubectl.SucceedAsync("patch", "configmap", "conf", "-n", ns, "--type", "json",
            "-p", """[{"op":"test","path":"/data/a","value":"1"},{"op":"replace","path":"/data/a","value":"7"},{"op":"remove","path":"/data/b"}]""");
        Assert.Contains("configmap/conf patched", output, StringComparison.Ordinal);
        Assert.Equal("a=7;b=", await DataAsync(kubectl, ns));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task PatchTypeJsonWithAFailingTestIsRefused(string minor)
    {
        var (kubectl, ns) = await ConfigMapAsync(minor, "jsontest");
        var (code, output) = await kubectl.RunAsync("patch", "configmap", "conf", "-n", ns, "--type", "json",
            "-p", """[{"op":"test","path":"/data/a","value":"wrong"},{"op":"replace","path":"/data/a","value":"7"}]""");
        Assert.NotEqual(0, code);
        // A failed "test" operation is a 422 Invalid without causes, which kubectl words generically (as against kube-apiserver).
        Assert.Contains("The request is invalid", output, StringComparison.Ordinal);
        Assert.Equal("a=1;b=2", await DataAsync(kubectl, ns));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task PatchTypeStrategicMergesContainersByName(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("strategic");
        await kubectl.SucceedAsync("create", "deployment", "web", "-n", ns, "--image=nginx:1.27");
        // Without --type kubectl sends a strategic merge patch; the container list merges on "name", so the image
        // changes and no second container appears.
        var output = await kubectl.SucceedAsync("patch", "deployment", "web", "-n", ns,
            "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}""");
        Assert.Contains("deployment.apps/web patched", output, StringComparison.Ordinal);
        var images = await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[*].name}={.spec.template.spec.containers[*].image}");
        Assert.Equal("nginx=nginx:1.28", images);

        var strategic = await kubectl.SucceedAsync("patch", "deployment", "web", "-n", ns, "--type", "strategic",
            "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox"}]}}}}""");
        Assert.Contains("deployment.apps/web patched", strategic, StringComparison.Ordinal);
        var names = await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[*].name}");
        Assert.Equal("sidecar nginx", names);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task LabelAddsAndOverwritesOnlyWithOverwrite(string minor)
    {
        var (kubectl, ns) = await ConfigMapAsync(minor, "label");
        Assert.Contains("configmap/conf labeled", await kubectl.SucceedAsync("label", "configmap", "conf", "-n", ns, "tier=web"), StringComparison.Ordinal);

        var (code, refused) = await kubectl.RunAsync("label", "configmap", "conf", "-n", ns, "tier=db");
        Assert.NotEqual(0, code);
        Assert.Contains("'tier' already has a value (web), and --overwrite is false", refused, StringComparison.Ordinal);

        Assert.Contains("configmap/conf labeled", await kubectl.SucceedAsync("label", "configmap", "conf", "-n", ns, "tier=db", "--overwrite"), StringComparison.Ordinal);
        Assert.Equal("db", await kubectl.SucceedAsync("get", "configmap", "conf", "-n", ns, "-o", "jsonpath={.metadata.labels.tier}"));

        Assert.Contains("configmap/conf unlabeled", await kubectl.SucceedAsync("label", "configmap", "conf", "-n", ns, "tier-"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, await kubectl.SucceedAsync("get", "configmap", "conf", "-n", ns, "-o", "jsonpath={.metadata.labels.tier}"));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task AnnotateSetsAnAnnotation(string minor)
    {
        var (kubectl, ns) = await ConfigMapAsync(minor, "annotate");
        var output = await kubectl.SucceedAsync("annotate", "configmap", "conf", "-n", ns, "owner=team-a");
        // kubectl 1.27 prints the operation as "annotate" (its printer was given the verb, not the past tense); 1.32 says "annotated".
        Assert.Contains(minor == "27" ? "configmap/conf annotate\n" : "configmap/conf annotated\n", output, StringComparison.Ordinal);
        Assert.Equal("team-a", await kubectl.SucceedAsync("get", "configmap", "conf", "-n", ns, "-o", "jsonpath={.metadata.annotations.owner}"));
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task DeleteWaitsForTheFinalizerToBeRemoved(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("finalizer");
        var manifest = await kubectl.WriteAsync("held.yaml",
            $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: {ns}\n  finalizers:\n  - example.com/hold\n");
        await kubectl.SucceedAsync("create", "-f", manifest);

        await using var delete = kubectl.Start("delete", "configmap", "held", "-n", ns, "--wait=true", "--timeout=60s");
        // kubectl prints "deleted" once the DELETE is answered, then waits (list + watch on metadata.name) for the object to go.
        await delete.ReadLineContainingAsync("configmap \"held\" deleted");
        Assert.NotEqual(string.Empty, await kubectl.SucceedAsync("get", "configmap", "held", "-n", ns, "-o", "jsonpath={.metadata.deletionTimestamp}"));

        var patched = await kubectl.SucceedAsync("patch", "configmap", "held", "-n", ns, "--type", "merge", "-p", """{"metadata":{"finalizers":null}}""");
        Assert.Contains("configmap/held patched", patched, StringComparison.Ordinal);
        Assert.True(await delete.WaitForExitAsync() == 0, delete.Transcript);

        var (code, gone) = await kubectl.RunAsync("get", "configmap", "held", "-n", ns);
        Assert.NotEqual(0, code);
        Assert.Contains("configmaps \"held\" not found", gone, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task CreateDeploymentMakesAOneReplicaDeployment(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("deploy");
        var output = await kubectl.SucceedAsync("create", "deployment", "web", "-n", ns, "--image=nginx");
        Assert.Contains("deployment.apps/web created", output, StringComparison.Ordinal);
        var shape = await kubectl.SucceedAsync("get", "deployment", "web", "-n", ns,
            "-o", "jsonpath={.spec.replicas} {.spec.selector.matchLabels.app} {.spec.template.spec.containers[0].image}");
        Assert.Equal("1 web nginx", shape);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task CreateSecretGenericStoresTheLiteralBase64Encoded(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("secret");
        var output = await kubectl.SucceedAsync("create", "secret", "generic", "creds", "-n", ns, "--from-literal=password=s3cret");
        Assert.Contains("secret/creds created", output, StringComparison.Ordinal);
        var stored = await kubectl.SucceedAsync("get", "secret", "creds", "-n", ns, "-o", "jsonpath={.type} {.data.password}");
        Assert.Equal("Opaque " + Convert.ToBase64String("s3cret"u8.ToArray()), stored);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task DiffExitsOneOnADifferenceAndZeroWhenTheSame(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("diff");
        var first = await kubectl.WriteAsync("cm.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\n  namespace: {ns}\ndata:\n  a: \"1\"\n");
        await kubectl.SucceedAsync("apply", "-f", first);

        var (same, sameOutput) = await kubectl.RunAsync("diff", "-f", first);
        Assert.True(same == 0, sameOutput);
        Assert.Equal(string.Empty, sameOutput.Trim());

        var second = await kubectl.WriteAsync("cm.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: conf\n  namespace: {ns}\ndata:\n  a: \"2\"\n");
        var (different, diff) = await kubectl.RunAsync("diff", "-f", second);
        Assert.True(different == 1, diff);
        Assert.Contains("-  a: \"1\"", diff, StringComparison.Ordinal);
        Assert.Contains("+  a: \"2\"", diff, StringComparison.Ordinal);
        // diff asks the server for a dry run; the stored object is unchanged.
        Assert.Equal("1", await kubectl.SucceedAsync("get", "configmap", "conf", "-n", ns, "-o", "jsonpath={.data.a}"));
    }

    private async Task<(KubectlTarget Kubectl, string Namespace)> ConfigMapAsync(string minor, string prefix)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync(prefix);
        await kubectl.SucceedAsync("create", "configmap", "conf", "-n", ns, "--from-literal=a=1", "--from-literal=b=2");
        return (kubectl, ns);
    }

    private static Task<string> DataAsync(KubectlTarget kubectl, string ns) =>
        kubectl.SucceedAsync("get", "configmap", "conf", "-n", ns, "-o", "jsonpath=a={.data.a};b={.data.b}");
}
