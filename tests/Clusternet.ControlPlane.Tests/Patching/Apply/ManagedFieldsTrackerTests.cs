using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching.Apply;
using static Clusternet.ControlPlane.Tests.Patching.Apply.ApplyText;
using static Clusternet.ControlPlane.Tests.Patching.PatchText;

namespace Clusternet.ControlPlane.Tests.Patching.Apply;

public sealed class ManagedFieldsTrackerTests
{
    [Fact]
    public void CreateRecordsEveryFieldForTheWriter()
    {
        var created = ManagedFieldsTracker.RecordUpdate(null, O(Deployment), "kubectl-create", clock: Clock());
        var entry = Entry(created, "kubectl-create", "Update")!;
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("2025-01-02T03:04:05Z", (string?)entry["time"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
        Assert.Contains(".spec.template.spec.containers[name=\"nginx\"].image", FieldSet.FromFieldsV1((JsonObject)entry["fieldsV1"]!).Paths);
    }

    [Fact]
    public void UpdateTakesTheChangedFieldsFromAnApplier()
    {
        var live = Applied(null, Deployment, "kubectl");
        var edited = (JsonObject)live.DeepClone();
        edited["spec"]!["replicas"] = 9;
        var stored = ManagedFieldsTracker.RecordUpdate(live, edited, "kubectl-edit", clock: Clock(3));
        Assert.DoesNotContain(".spec.replicas", FieldSet.FromFieldsV1((JsonObject)Entry(stored, "kubectl")!["fieldsV1"]!).Paths);
        Assert.Equal([".spec.replicas"], FieldSet.FromFieldsV1((JsonObject)Entry(stored, "kubectl-edit", "Update")!["fieldsV1"]!).Paths);
    }

    [Fact]
    public void RemovedFieldsAreOwnedByNobody()
    {
        var live = Applied(null, Deployment, "kubectl");
        var edited = (JsonObject)live.DeepClone();
        edited["spec"]!.AsObject().Remove("replicas");
        var stored = ManagedFieldsTracker.RecordUpdate(live, edited, "kubectl-edit");
        Assert.DoesNotContain(".spec.replicas", FieldSet.FromFieldsV1((JsonObject)Entry(stored, "kubectl")!["fieldsV1"]!).Paths);
        Assert.Null(Entry(stored, "kubectl-edit", "Update"));
    }

    [Fact]
    public void AWriteThatChangesNothingKeepsTheTimeStamp()
    {
        var created = ManagedFieldsTracker.RecordUpdate(null, O(Deployment), "controller", clock: Clock());
        var again = ManagedFieldsTracker.RecordUpdate(created, (JsonObject)created.DeepClone(), "controller", clock: Clock(60));
        Assert.Equal(created.ToJsonString(), again.ToJsonString());
    }

    [Fact]
    public void AnUntrackedObjectStaysUntracked()
    {
        var edited = O(Deployment);
        edited["spec"]!["replicas"] = 4;
        Assert.Null(At(ManagedFieldsTracker.RecordUpdate(O(Deployment), edited, "kubectl-edit"), "metadata.managedFields"));
    }

    [Fact]
    public void ASingleEmptyEntryClearsManagedFields()
    {
        var live = Applied(null, Deployment, "kubectl");
        var reset = (JsonObject)live.DeepClone();
        reset["metadata"]!["managedFields"] = new JsonArray(new JsonObject());
        Assert.Null(At(ManagedFieldsTracker.RecordUpdate(live, reset, "kubectl-edit"), "metadata.managedFields"));
    }

    [Fact]
    public void ManagedFieldsInTheWriteAreTakenAsWritten()
    {
        // kubectl's client-side-apply upgrade replaces the entries with a JSON patch; the server keeps what it sent.
        var live = ManagedFieldsTracker.RecordUpdate(null, O(Deployment), "kubectl-client-side-apply", clock: Clock());
        var rewritten = (JsonObject)live.DeepClone();
        rewritten["metadata"]!["managedFields"] = J("[{'manager':'kubectl','operation':'Apply','apiVersion':'apps/v1','time':'2025-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:spec':{'f:replicas':{}}}}]");
        var stored = ManagedFieldsTracker.RecordUpdate(live, rewritten, "kubectl", clock: Clock(1));
        Same("[{'manager':'kubectl','operation':'Apply','apiVersion':'apps/v1','time':'2025-01-01T00:00:00Z','fieldsType':'FieldsV1','fieldsV1':{'f:spec':{'f:replicas':{}}}}]",
            At(stored, "metadata.managedFields"));
    }

    [Fact]
    public void SubresourceWritesAreRecordedWithTheSubresource()
    {
        var live = Applied(null, Deployment, "kubectl");
        var withStatus = (JsonObject)live.DeepClone();
        withStatus["status"] = new JsonObject { ["replicas"] = 2 };
        var entry = Entry(ManagedFieldsTracker.RecordUpdate(live, withStatus, "kube-controller-manager", subresource: "status"), "kube-controller-manager", "Update")!;
        Assert.Equal("status", (string?)entry["subresource"]);
        Assert.Equal([".status.replicas"], FieldSet.FromFieldsV1((JsonObject)entry["fieldsV1"]!).Paths);
    }

    [Fact]
    public void EntriesAreOrderedApplyFirstThenByTime()
    {
        var live = ManagedFieldsTracker.RecordUpdate(null, O(Deployment), "creator", clock: Clock());
        var applied = ServerSideApply.Apply(live, O("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','annotations':{'a':'b'}}}"), "kubectl", false, clock: Clock(9));
        Assert.Equal(["Apply", "Update"], applied["metadata"]!["managedFields"]!.AsArray().Select(e => (string?)e!["operation"]));
    }
}
