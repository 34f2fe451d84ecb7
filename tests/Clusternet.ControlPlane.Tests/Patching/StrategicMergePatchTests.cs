using Clusternet.ControlPlane.Patching;
using static Clusternet.ControlPlane.Tests.Patching.PatchText;

namespace Clusternet.ControlPlane.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private const string Pod =
        "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b'],'ownerReferences':[{'uid':'u1','name':'rs1'}]}," +
        "'spec':{'containers':[{'name':'web','image':'nginx:1','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]," +
        "'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'data','mountPath':'/data'}]},{'name':'side','image':'busybox'}]," +
        "'volumes':[{'name':'data','emptyDir':{}}],'tolerations':[{'key':'k1','operator':'Exists'}]}," +
        "'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'Initialized','status':'True'}]}}";

    private static System.Text.Json.Nodes.JsonObject PatchPod(string patch) => StrategicMergePatch.Apply(O(Pod), J(patch), "", "Pod");

    private static System.Text.Json.Nodes.JsonNode? At(System.Text.Json.Nodes.JsonNode node, string path) =>
        path.Split('.').Aggregate<string, System.Text.Json.Nodes.JsonNode?>(node, (n, step) => int.TryParse(step, out var i) ? n![i] : n![step]);

    [Fact]
    public void ContainersMergeByName()
    {
        var pod = PatchPod("{'spec':{'containers':[{'name':'web','image':'nginx:2'}]}}");
        Same("{'name':'web','image':'nginx:2','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'data','mountPath':'/data'}]}", At(pod, "spec.containers.0"));
        Same("{'name':'side','image':'busybox'}", At(pod, "spec.containers.1"));
    }

    private static string[] ContainerNames(System.Text.Json.Nodes.JsonObject pod) =>
        [.. At(pod, "spec.containers")!.AsArray().Select(c => c!["name"]!.GetValue<string>())];

    // apimachinery places patch items not on the server before the server's items when no $setElementOrder is given.
    [Fact]
    public void NewListItemsLeadWithoutSetElementOrder() =>
        Assert.Equal(["extra", "web", "side"], ContainerNames(PatchPod("{'spec':{'containers':[{'name':'extra','image':'x'}]}}")));

    [Fact]
    public void ItemsInThePatchTakeThePatchOrder() =>
        Assert.Equal(["side", "web"], ContainerNames(PatchPod("{'spec':{'containers':[{'name':'side','image':'b2'},{'name':'web','image':'n2'}]}}")));

    [Fact]
    public void EnvMergesByNameAndNullDeletesAField() =>
        Same("[{'name':'A','value':'9'},{'name':'B'},{'name':'C','value':'3'}]",
            At(PatchPod("{'spec':{'containers':[{'name':'web','env':[{'name':'A','value':'9'},{'name':'B','value':null},{'name':'C','value':'3'}]}]}}"), "spec.containers.0.env"));

    [Fact]
    public void NullDeletesAWholeList() =>
        Assert.Null(At(PatchPod("{'spec':{'containers':[{'name':'web','env':null}]}}"), "spec.containers.0")!["env"]);

    [Fact]
    public void NullForAnAbsentFieldIsIgnored() =>
        Assert.False(PatchPod("{'spec':{'nodeName':null}}")["spec"]!.AsObject().ContainsKey("nodeName"));

    [Fact]
    public void PortsMergeByContainerPort() =>
        Same("[{'containerPort':80,'protocol':'TCP','name':'http'},{'containerPort':443}]",
            At(PatchPod("{'spec':{'containers':[{'name':'web','ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}"), "spec.containers.0.ports"));

    [Fact]
    public void VolumesMergeByName() =>
        Same("[{'name':'cfg','configMap':{'name':'c'}},{'name':'data','emptyDir':{'medium':'Memory'}}]",
            At(PatchPod("{'spec':{'volumes':[{'name':'cfg','configMap':{'name':'c'}},{'name':'data','emptyDir':{'medium':'Memory'}}]}}"), "spec.volumes"));

    [Fact]
    public void VolumeMountsMergeByMountPath() =>
        Same("[{'name':'data','mountPath':'/data','readOnly':true}]",
            At(PatchPod("{'spec':{'containers':[{'name':'web','volumeMounts':[{'mountPath':'/data','readOnly':true}]}]}}"), "spec.containers.0.volumeMounts"));

    [Fact]
    public void TolerationsAreReplaced() =>
        Same("[{'key':'k2','operator':'Exists'}]", At(PatchPod("{'spec':{'tolerations':[{'key':'k2','operator':'Exists'}]}}"), "spec.tolerations"));

    [Fact]
    public void ConditionsMergeByType() =>
        Same("[{'type':'Ready','status':'True'},{'type':'Initialized','status':'True'}]",
            At(PatchPod("{'status':{'conditions':[{'type':'Ready','status':'True'}]}}"), "status.conditions"));

    [Fact]
    public void FinalizersMergeAsASet() =>
        Same("['a','b','c']", At(PatchPod("{'metadata':{'finalizers':['b','c','c']}}"), "metadata.finalizers"));

    [Fact]
    public void OwnerReferencesMergeByUid() =>
        Same("[{'uid':'u1','name':'rs1','controller':true},{'uid':'u2','name':'rs2'}]",
            At(PatchPod("{'metadata':{'ownerReferences':[{'uid':'u1','controller':true},{'uid':'u2','name':'rs2'}]}}"), "metadata.ownerReferences"));

    [Fact]
    public void DeploymentTemplateUsesThePodSpecTable()
    {
        var deployment = O("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'a'},{'name':'log','image':'b'}]}}}}");
        var patched = StrategicMergePatch.Apply(deployment, J("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'log'}],'containers':[{'name':'web','image':'a2'}]}}}}"), "apps", "Deployment");
        Exactly("{'spec':{'template':{'spec':{'containers':[{'name':'web','image':'a2'},{'name':'log','image':'b'}]}}}}", patched);
    }

    [Fact]
    public void SetElementOrderReordersTheList() =>
        Assert.Equal(["side", "web"], ContainerNames(PatchPod("{'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'web'}]}}")));

    [Fact]
    public void SetElementOrderPlacesNewItems() =>
        Assert.Equal(["web", "extra", "side"], ContainerNames(PatchPod("{'spec':{'$setElementOrder/containers':[{'name':'web'},{'name':'extra'},{'name':'side'}],'containers':[{'name':'extra','image':'x'}]}}")));

    [Fact]
    public void SetElementOrderThatContradictsThePatchIsABadRequest()
    {
        var error = Assert.Throws<PatchException>(() => PatchPod("{'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'web'}],'containers':[{'name':'web'},{'name':'side'}]}}"));
        Assert.Equal(400, error.Code);
    }

    [Fact]
    public void PatchDeleteRemovesAListItem() =>
        Same("[{'name':'B','value':'2'}]", At(PatchPod("{'spec':{'containers':[{'name':'web','env':[{'name':'A','$patch':'delete'}]}]}}"), "spec.containers.0.env"));

    [Fact]
    public void PatchReplaceInAListReplacesTheList() =>
        Same("[{'name':'only','image':'x'}]", At(PatchPod("{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'x'}]}}"), "spec.containers"));

    [Fact]
    public void PatchReplaceInAMapReplacesTheMap() =>
        Exactly("{'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
            StrategicMergePatch.Apply(O("{'spec':{'selector':{'matchLabels':{'a':'1'}}}}"), J("{'spec':{'selector':{'$patch':'replace','matchLabels':{'b':'2'}}}}"), "apps", "Deployment"));

    [Fact]
    public void ReplaceStrategyFieldIsReplacedWhole() =>
        Exactly("{'spec':{'selector':{'matchLabels':{'b':'2'}}}}",
            StrategicMergePatch.Apply(O("{'spec':{'selector':{'matchLabels':{'a':'1'}}}}"), J("{'spec':{'selector':{'matchLabels':{'b':'2'}}}}"), "policy", "PodDisruptionBudget"));

    [Fact]
    public void PatchReplaceOnAnObjectDropsItsOtherMembers() =>
        Same("{'containers':[{'name':'solo'}]}", PatchPod("{'spec':{'$patch':'replace','containers':[{'name':'solo'}]}}")["spec"]);

    [Fact]
    public void PatchDeleteOnAnObjectRemovesIt() =>
        Assert.False(PatchPod("{'status':{'$patch':'delete'}}").ContainsKey("status"));

    [Fact]
    public void PatchMergeIsTheDefault() =>
        Same("{'type':'Ready','status':'True'}", At(PatchPod("{'status':{'$patch':'merge','conditions':[{'type':'Ready','status':'True'}]}}"), "status.conditions.0"));

    [Fact]
    public void UnknownPatchDirectiveIsABadRequest()
    {
        var error = Assert.Throws<PatchException>(() => PatchPod("{'spec':{'$patch':'explode'}}"));
        Assert.Equal((400, "unknown patch type: explode in map: map[$patch:explode]"), (error.Code, error.Message));
    }

    [Fact]
    public void RetainKeysDropsUnlistedFields()
    {
        var deployment = O("{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");
        var patched = StrategicMergePatch.Apply(deployment, J("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"), "apps", "Deployment");
        Exactly("{'spec':{'strategy':{'type':'Recreate'}}}", patched);
    }

    [Fact]
    public void RetainKeysMustCoverThePatch()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(O("{'spec':{}}"), J("{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}"), "apps", "Deployment"));
        Assert.Equal((422, "patch content doesn't match retainKeys list"), (error.Code, error.Detail));
    }

    [Fact]
    public void DeleteFromPrimitiveListRemovesValues() =>
        Same("['c','b']", At(PatchPod("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a'],'finalizers':['c']}}"), "metadata.finalizers"));

    [Fact]
    public void MalformedDeleteFromPrimitiveListIsABadRequest() =>
        Assert.Equal("invalid patch format of primitive list", Assert.Throws<PatchException>(() => PatchPod("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}")).Message);

    [Fact]
    public void ListItemWithoutMergeKeyIsABadRequest()
    {
        var error = Assert.Throws<PatchException>(() => PatchPod("{'spec':{'containers':[{'image':'x','replicas':2}]}}"));
        Assert.Equal((400, "map: map[image:x replicas:2] does not contain declared merge key: name"), (error.Code, error.Message));
    }

    [Fact]
    public void ListOfListsIsInvalid()
    {
        var error = Assert.Throws<PatchException>(() => PatchPod("{'metadata':{'finalizers':[['x']]}}"));
        Assert.Equal((422, "lists of lists are not supported"), (error.Code, error.Detail));
    }

    [Fact]
    public void ServicePortsMergeByPort() =>
        Same("{'spec':{'ports':[{'port':80,'targetPort':8081},{'port':443}]}}",
            StrategicMergePatch.Apply(O("{'spec':{'ports':[{'port':80,'targetPort':8080},{'port':443}]}}"), J("{'spec':{'ports':[{'port':80,'targetPort':8081}]}}"), "", "Service"));

    [Fact]
    public void NodeAddressesMergeByType() =>
        Same("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname','address':'n1'}]}}",
            StrategicMergePatch.Apply(O("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n1'}]}}"), J("{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}"), "", "Node"));

    [Fact]
    public void EndpointSliceEndpointsAreReplaced() =>
        Same("{'endpoints':[{'addresses':['10.0.0.9']}]}",
            StrategicMergePatch.Apply(O("{'endpoints':[{'addresses':['10.0.0.1']},{'addresses':['10.0.0.2']}]}"), J("{'endpoints':[{'addresses':['10.0.0.9']}]}"), "discovery.k8s.io", "EndpointSlice"));

    [Fact]
    public void CustomResourceIsUnsupportedMediaType()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(O("{}"), J("{}"), "example.com", "Widget"));
        Assert.Equal((415, "UnsupportedMediaType"), (error.Code, error.Reason));
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml", error.Message);
        Assert.False(StrategicMergePatch.Supports("example.com", "Widget"));
        Assert.True(StrategicMergePatch.Supports("", "ConfigMap"));
    }

    [Fact]
    public void NonObjectPatchIsABadRequest() =>
        Assert.Equal("json: cannot unmarshal array into Go value of type map[string]interface {}", Assert.Throws<PatchException>(() => PatchPod("[]")).Message);

    [Fact]
    public void InputAndPatchAreNotModified()
    {
        var pod = O(Pod);
        var patch = J("{'metadata':{'finalizers':['z']},'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'web'}],'containers':[{'name':'web','env':[{'name':'A','$patch':'delete'}]}]}}");
        var patchText = patch!.ToJsonString();
        StrategicMergePatch.Apply(pod, patch, "", "Pod");
        Exactly(Pod, pod);
        Assert.Equal(patchText, patch.ToJsonString());
    }
}
