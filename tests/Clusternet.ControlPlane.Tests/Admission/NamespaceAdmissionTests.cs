using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Storage;
using static Clusternet.ControlPlane.Tests.Admission.AdmissionChain;

namespace Clusternet.ControlPlane.Tests.Admission;

public sealed class NamespaceAdmissionTests
{
    [Fact]
    public async Task CreateInAMissingNamespaceIsNotFound()
    {
        var chain = await StartAsync("other");
        var status = await chain.RefusedAsync(Create("", "configmaps", Json("""{"metadata":{"name":"a"}}""")));
        Assert.Equal((404, "NotFound", "namespaces \"ns\" not found"), (status.Code, status.Reason, status.Message));
        Assert.Equal(("ns", "", "namespaces"), (status.Details.Name, status.Details.Group, status.Details.Kind));
    }

    [Fact]
    public async Task CreateInATerminatingNamespaceIsForbidden()
    {
        var chain = await StartAsync();
        var ns = (await chain.Store.GetAsync(new StorageKey("namespaces", null, "ns")))!.DeepClone().AsObject();
        ns["metadata"]!["deletionTimestamp"] = "2024-01-01T00:00:00Z";
        await chain.Store.UpdateAsync(new StorageKey("namespaces", null, "ns"), ns);

        var status = await chain.RefusedAsync(Create("apps", "deployments", Json("""{"metadata":{"name":"d"}}""")));

        Assert.Equal((403, "Forbidden"), (status.Code, status.Reason));
        Assert.Equal("deployments.apps \"d\" is forbidden: unable to create new content in namespace ns because it is being terminated", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("NamespaceTerminating", "metadata.namespace"), (cause.Reason, cause.Field));
    }

    [Fact]
    public async Task UpdatesInAMissingNamespaceAreNotTheLifecyclesConcern()
    {
        var chain = await StartAsync("other");
        var old = Json("""{"metadata":{"name":"a","namespace":"ns","uid":"u"}}""");
        await chain.AdmitAsync(Update("", "configmaps", Json("""{"metadata":{"name":"a"}}"""), old));
    }

    [Fact]
    public async Task NewNamespaceGetsFinalizerPhaseAndNameLabel()
    {
        var chain = await StartAsync();
        var ns = await chain.AdmitAsync(Create("", "namespaces", Json("""{"metadata":{"name":"team"}}""")));
        Assert.Equal(
            """{"metadata":{"name":"team","labels":{"kubernetes.io/metadata.name":"team"}},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""",
            ns.ToJsonString());
    }

    [Fact]
    public async Task NamespaceUpdateKeepsStoredFinalizersAndStatus()
    {
        var chain = await StartAsync();
        var old = Json("""{"metadata":{"name":"team","uid":"u"},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}""");
        var ns = await chain.AdmitAsync(Update("", "namespaces", Json("""{"metadata":{"name":"team","labels":{"kubernetes.io/metadata.name":"x"}},"spec":{"finalizers":[]},"status":{"phase":"Terminating"}}"""), old));
        Assert.Equal("team", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());
        Assert.Equal("""["kubernetes"]""", ns["spec"]!["finalizers"]!.ToJsonString());
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());
    }
}
