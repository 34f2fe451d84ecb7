using Clusternet.Testing;

namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>
/// A generated Clusternet CRD installed with <c>kubectl apply</c>, awaited with <c>kubectl wait</c>, and a custom
/// resource of it driven by kubectl 1.27 and 1.32 through its short name.
/// </summary>
public sealed class KubectlCustomResourceMatrixTests(KubectlPlanes planes) : IClassFixture<KubectlPlanes>
{
    private const string Crd = "subscriptions.apps.clusternet.io";

    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task ApplyWaitCreateGetAndDeleteASubscription(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var crd = Path.Combine(RepositoryPaths.Root, "deploy", "crds", "apps.clusternet.io_subscriptions.yaml");
        var applied = await kubectl.SucceedAsync("apply", "-f", crd);
        Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{Crd} created", applied, StringComparison.Ordinal);

        var waited = await kubectl.SucceedAsync("wait", "--for=condition=Established", $"crd/{Crd}", "--timeout=30s");
        Assert.Contains($"customresourcedefinition.apiextensions.k8s.io/{Crd} condition met", waited, StringComparison.Ordinal);

        var ns = await kubectl.NamespaceAsync("subs");
        var manifest = await kubectl.WriteAsync("sub.yaml", $"""
            apiVersion: apps.clusternet.io/v1alpha1
            kind: Subscription
            metadata:
              name: demo
              namespace: {ns}
            spec:
              subscribers:
              - clusterAffinity:
                  matchLabels:
                    region: ap-shanghai
              feeds:
              - apiVersion: v1
                kind: Namespace
                name: qux

            """);
        var created = await kubectl.SucceedAsync("create", "-f", manifest);
        Assert.Contains("subscription.apps.clusternet.io/demo created", created, StringComparison.Ordinal);

        // "subs" resolves through the shortNames the CRD declares; the table comes from its additionalPrinterColumns.
        var table = await kubectl.SucceedAsync("get", "subs", "-n", ns);
        Assert.Matches(@"(?m)^NAME\s+AGE\s*$", table);
        Assert.Matches(@"(?m)^demo\s+\d+s\s*$", table);

        // Custom resources take no strategic merge patch (415); merge patch works.
        var (strategicCode, strategic) = await kubectl.RunAsync("patch", "subs", "demo", "-n", ns, "-p", """{"spec":{"schedulingStrategy":"Replication"}}""");
        Assert.NotEqual(0, strategicCode);
        Assert.Contains("application/strategic-merge-patch+json is not supported", strategic, StringComparison.Ordinal);
        await kubectl.SucceedAsync("patch", "subs", "demo", "-n", ns, "--type", "merge", "-p", """{"spec":{"schedulingStrategy":"Replication"}}""");
        Assert.Equal("Replication", await kubectl.SucceedAsync("get", "subs", "demo", "-n", ns, "-o", "jsonpath={.spec.schedulingStrategy}"));

        var deleted = await kubectl.SucceedAsync("delete", "subs", "demo", "-n", ns);
        Assert.Contains("subscription.apps.clusternet.io \"demo\" deleted", deleted, StringComparison.Ordinal);
        var empty = await kubectl.SucceedAsync("get", "subs", "-n", ns);
        Assert.Contains($"No resources found in {ns} namespace.", empty, StringComparison.Ordinal);
    }
}
