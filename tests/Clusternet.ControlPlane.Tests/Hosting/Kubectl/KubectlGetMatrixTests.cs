using System.Text.Json;

namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>
/// <c>kubectl get</c> in its printing and selecting forms, and <c>get -w</c>, with kubectl 1.27 and 1.32 (each against a
/// plane reporting that minor, so the dispatcher on PATH runs the matching binary).
/// </summary>
public sealed class KubectlGetMatrixTests(KubectlPlanes planes) : IClassFixture<KubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task VersionShowsTheClientTheDispatcherPicked(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        await kubectl.AssertDispatchedAsync();
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task GetPrintsTheServerSideTableColumns(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("table");
        await kubectl.SucceedAsync("create", "configmap", "two", "-n", ns, "--from-literal=a=1", "--from-literal=b=2");

        var output = await kubectl.SucceedAsync("get", "configmaps", "-n", ns);
        Assert.Matches(@"(?m)^NAME\s+DATA\s+AGE\s*$", output);
        Assert.Matches(@"(?m)^two\s+2\s+\d+[smh]\s*$", output);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task GetJsonPrintsAListOfTheObjects(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("json");
        await kubectl.SucceedAsync("create", "configmap", "one", "-n", ns, "--from-literal=a=1");

        var output = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-o", "json");
        using var list = JsonDocument.Parse(output);
        Assert.Equal("List", list.RootElement.GetProperty("kind").GetString());
        var item = Assert.Single(list.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal("ConfigMap", item.GetProperty("kind").GetString());
        Assert.Equal("one", item.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("1", item.GetProperty("data").GetProperty("a").GetString());
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task GetWithALabelSelectorListsOnlyMatchingObjects(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("labels");
        await kubectl.SucceedAsync("create", "configmap", "front", "-n", ns);
        await kubectl.SucceedAsync("create", "configmap", "back", "-n", ns);
        await kubectl.SucceedAsync("label", "configmap", "front", "-n", ns, "tier=web");

        var output = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-l", "tier=web", "-o", "name");
        Assert.Equal("configmap/front", output.Trim());
        var none = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-l", "tier=db");
        Assert.Contains($"No resources found in {ns} namespace.", none, StringComparison.Ordinal);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task GetWithANameFieldSelectorListsOnlyThatObject(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("fields");
        await kubectl.SucceedAsync("create", "configmap", "x", "-n", ns);
        await kubectl.SucceedAsync("create", "configmap", "y", "-n", ns);

        var output = await kubectl.SucceedAsync("get", "configmaps", "-n", ns, "--field-selector", "metadata.name=x", "-o", "name");
        Assert.Equal("configmap/x", output.Trim());
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task GetAllNamespacesAddsTheNamespaceColumn(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var first = await kubectl.NamespaceAsync("all-a");
        var second = await kubectl.NamespaceAsync("all-b");
        await kubectl.SucceedAsync("create", "configmap", "shared-name", "-n", first);
        await kubectl.SucceedAsync("create", "configmap", "shared-name", "-n", second);

        var output = await kubectl.SucceedAsync("get", "configmaps", "-A");
        Assert.Matches(@"(?m)^NAMESPACE\s+NAME\s+DATA\s+AGE\s*$", output);
        Assert.Matches($@"(?m)^{first}\s+shared-name\s+0\s+", output);
        Assert.Matches($@"(?m)^{second}\s+shared-name\s+0\s+", output);
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task GetWatchPrintsAnObjectCreatedAfterTheList(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await kubectl.NamespaceAsync("watch");
        await kubectl.SucceedAsync("create", "configmap", "before", "-n", ns);

        await using var watch = kubectl.Start("get", "configmaps", "-n", ns, "-w", "--output-watch-events");
        // The object that existed is printed from the list; once it is, the watch starts from the list's resourceVersion,
        // so the next object can only arrive as a watch event.
        Assert.Matches(@"^ADDED\s+before\s+0\s+", await watch.ReadLineContainingAsync(" before "));
        await kubectl.SucceedAsync("create", "configmap", "after", "-n", ns);

        // The table printer shows the event type in an EVENT column (the name printer drops it in both versions).
        Assert.Matches(@"^ADDED\s+after\s+0\s+\d+s", await watch.ReadLineContainingAsync(" after "));
    }
}
