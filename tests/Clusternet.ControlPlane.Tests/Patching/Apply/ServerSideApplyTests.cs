using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching;
using Clusternet.ControlPlane.Patching.Apply;
using static Clusternet.ControlPlane.Tests.Patching.Apply.ApplyText;
using static Clusternet.ControlPlane.Tests.Patching.PatchText;

namespace Clusternet.ControlPlane.Tests.Patching.Apply;

public sealed class ServerSideApplyTests
{
    private const string Replicas = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default'},'spec':{'replicas':5}}";

    [Fact]
    public void FirstApplyCreatesTheObject()
    {
        var created = Applied(null, Deployment, "kubectl");
        Same(Deployment, ManagedFieldsStripped(created));
        Assert.Single(created["metadata"]!["managedFields"]!.AsArray());
    }

    [Fact]
    public void ManagedFieldsEntryHasTheApiServerShape()
    {
        var entry = Entry(Applied(null, Deployment, "kubectl"), "kubectl")!;
        Exactly("{'manager':'kubectl','operation':'Apply','apiVersion':'apps/v1','time':'2025-01-02T03:04:05Z','fieldsType':'FieldsV1','fieldsV1':" +
            "{'f:metadata':{'f:labels':{'f:app':{}}},'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}}," +
            "'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}}", entry);
    }

    [Fact]
    public void ReapplyChangesAValue()
    {
        var live = Applied(null, Deployment, "kubectl");
        var updated = Applied(live, Deployment.Replace("'replicas':2", "'replicas':3", StringComparison.Ordinal), "kubectl", at: 10);
        Assert.Equal(3, (int)At(updated, "spec.replicas")!);
        Assert.Equal("2025-01-02T03:04:15Z", (string?)Entry(updated, "kubectl")!["time"]);
    }

    [Fact]
    public void FieldTheApplierOmitsNowIsRemoved()
    {
        var live = Applied(null, Deployment, "kubectl");
        var updated = Applied(live, Deployment.Replace(",'labels':{'app':'web'}},'spec'", "},'spec'", StringComparison.Ordinal).Replace("'replicas':2,", string.Empty, StringComparison.Ordinal), "kubectl");
        Assert.Null(At(updated, "spec.replicas"));
        Assert.Null(At(updated, "metadata.labels"));
        Assert.Equal("web", (string?)At(updated, "spec.template.metadata.labels.app"));
    }

    [Fact]
    public void OmittedFieldOwnedByAnotherManagerStays()
    {
        var live = Applied(Applied(null, Deployment, "kubectl"), Replicas.Replace("5", "2", StringComparison.Ordinal), "autoscaler");
        var updated = Applied(live, Deployment.Replace("'replicas':2,", string.Empty, StringComparison.Ordinal), "kubectl");
        Assert.Equal(2, (int)At(updated, "spec.replicas")!);
        Assert.Equal([".spec.replicas"], FieldSet.FromFieldsV1((JsonObject)Entry(updated, "autoscaler")!["fieldsV1"]!).Paths);
    }

    [Fact]
    public void TwoManagersApplyingTheSameValueShareTheField()
    {
        var live = Applied(null, Deployment, "kubectl");
        var shared = Applied(live, Replicas.Replace("5", "2", StringComparison.Ordinal), "other");
        Assert.Contains(".spec.replicas", FieldSet.FromFieldsV1((JsonObject)Entry(shared, "kubectl")!["fieldsV1"]!).Paths);
        Assert.Contains(".spec.replicas", FieldSet.FromFieldsV1((JsonObject)Entry(shared, "other")!["fieldsV1"]!).Paths);
    }

    [Fact]
    public void DifferentValueForAnotherManagersFieldConflicts()
    {
        var live = Applied(null, Deployment, "kubectl");
        var error = Assert.Throws<ApplyConflictException>(() => Applied(live, Replicas, "other"));
        var status = error.ToStatus();
        Assert.Equal(409, status.Code);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Failure", status.Status);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl\": .spec.replicas", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("FieldManagerConflict", cause.Reason);
        Assert.Equal("conflict with \"kubectl\"", cause.Message);
        Assert.Equal(".spec.replicas", cause.Field);
    }

    [Fact]
    public void EveryConflictIsReported()
    {
        var live = Applied(null, Deployment, "kubectl");
        var error = Assert.Throws<ApplyConflictException>(() => Applied(live,
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'x'}},'spec':{'replicas':5,'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:2'}]}}}}",
            "other"));
        Assert.Equal([".metadata.labels.app", ".spec.replicas", ".spec.template.spec.containers[name=\"nginx\"].image"], error.Conflicts.Select(c => c.Field));
        Assert.Equal("Apply failed with 3 conflicts: conflicts with \"kubectl\":\n- .metadata.labels.app\n- .spec.replicas\n- .spec.template.spec.containers[name=\"nginx\"].image", error.Message);
    }

    [Fact]
    public void ForceTakesOwnership()
    {
        var live = Applied(null, Deployment, "kubectl");
        var forced = Applied(live, Replicas, "other", force: true);
        Assert.Equal(5, (int)At(forced, "spec.replicas")!);
        Assert.DoesNotContain(".spec.replicas", FieldSet.FromFieldsV1((JsonObject)Entry(forced, "kubectl")!["fieldsV1"]!).Paths);
        Assert.Equal([".spec.replicas"], FieldSet.FromFieldsV1((JsonObject)Entry(forced, "other")!["fieldsV1"]!).Paths);
    }

    [Fact]
    public void ApplyAfterAnotherManagersUpdateConflicts()
    {
        var live = Applied(null, Deployment, "kubectl");
        var edited = O(live.ToJsonString());
        edited["spec"]!["replicas"] = 7;
        var stored = ManagedFieldsTracker.RecordUpdate(live, edited, "kubectl-edit", clock: Clock(5));

        var error = Assert.Throws<ApplyConflictException>(() => Applied(stored, Deployment, "kubectl"));
        var cause = Assert.Single(error.ToStatus().Details.Causes);
        Assert.Equal("conflict with \"kubectl-edit\" using apps/v1", cause.Message);
        Assert.Equal(".spec.replicas", cause.Field);
    }

    [Fact]
    public void FirstApplyToAnUntrackedObjectConflictsWithBeforeFirstApply()
    {
        var error = Assert.Throws<ApplyConflictException>(() => Applied(O(Deployment), Replicas, "kubectl"));
        Assert.Equal("conflict with \"before-first-apply\" using apps/v1", Assert.Single(error.ToStatus().Details.Causes).Message);
    }

    [Fact]
    public void FirstApplyToAnUntrackedObjectRecordsBeforeFirstApply()
    {
        var applied = Applied(O(Deployment), Deployment, "kubectl");
        var stand = Entry(applied, ServerSideApply.BeforeFirstApplyManager, "Update")!;
        Assert.Equal("apps/v1", (string?)stand["apiVersion"]);
        Assert.Contains(".spec.replicas", FieldSet.FromFieldsV1((JsonObject)stand["fieldsV1"]!).Paths);
    }

    [Fact]
    public void ContainersMergeByNameAcrossTwoAppliers()
    {
        var live = Applied(null, Deployment, "kubectl");
        var sidecar = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web'},'spec':{'template':{'spec':{'containers':[{'name':'proxy','image':'envoy:1'}]}}}}";
        var both = Applied(live, sidecar, "injector");
        Assert.Equal(["nginx", "proxy"], At(both, "spec.template.spec.containers")!.AsArray().Select(c => (string?)c!["name"]));

        // The first applier re-applies without the sidecar; the sidecar stays because the injector owns it.
        var again = Applied(both, Deployment.Replace("nginx:1", "nginx:2", StringComparison.Ordinal), "kubectl");
        Same("[{'name':'nginx','image':'nginx:2'},{'name':'proxy','image':'envoy:1'}]", At(again, "spec.template.spec.containers"));
    }

    [Fact]
    public void ItemTheApplierOmitsNowIsRemovedFromAMapList()
    {
        var two = Deployment.Replace("[{'name':'nginx','image':'nginx:1'}]", "[{'name':'nginx','image':'nginx:1'},{'name':'log','image':'busybox'}]", StringComparison.Ordinal);
        var updated = Applied(Applied(null, two, "kubectl"), Deployment, "kubectl");
        Same("[{'name':'nginx','image':'nginx:1'}]", At(updated, "spec.template.spec.containers"));
    }

    [Fact]
    public void LiveOnlyFieldsSurvive()
    {
        var live = Applied(null, Deployment, "kubectl");
        live["metadata"]!["uid"] = "u-1";
        live["status"] = new JsonObject { ["replicas"] = 2 };
        var updated = Applied(live, Deployment, "kubectl");
        Assert.Equal("u-1", (string?)At(updated, "metadata.uid"));
        Assert.Equal(2, (int)At(updated, "status.replicas")!);
    }

    [Fact]
    public void AppliedManagedFieldsAreRejected() =>
        Assert.Equal(400, Assert.Throws<PatchException>(() => Applied(null, "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','managedFields':[]}}", "kubectl")).Code);

    [Fact]
    public void InputsAreNotChanged()
    {
        var live = Applied(null, Deployment, "kubectl");
        var before = live.ToJsonString();
        Applied(live, Replicas, "other", force: true);
        Assert.Equal(before, live.ToJsonString());
    }

    internal static JsonObject ManagedFieldsStripped(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["metadata"]!.AsObject().Remove("managedFields");
        return copy;
    }
}
