using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Patching;
using Clusternet.ControlPlane.Patching.Apply;
using static Clusternet.ControlPlane.Tests.Patching.PatchText;

namespace Clusternet.ControlPlane.Tests.Patching.Apply;

public sealed class FieldSetTests
{
    [Fact]
    public void MapMembersAreLeavesUnderTheirParents() =>
        Exactly("{'f:data':{'f:k':{}},'f:metadata':{'f:labels':{'f:app':{},'f:tier':{}}}}",
            FieldSet.Of(O("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','labels':{'tier':'x','app':'y'}},'data':{'k':'v'}}")).ToFieldsV1());

    [Fact]
    public void IdentityFieldsAreNotTracked() =>
        Assert.True(FieldSet.Of(O("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','namespace':'n','uid':'u','resourceVersion':'1'}}")).IsEmpty);

    [Fact]
    public void MapListItemsAreNamedByTheirMergeKey() =>
        Exactly("{'f:spec':{'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{},'f:name':{}}}}}}}",
            FieldSet.Of(O("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'template':{'spec':{'containers':[{'name':'nginx','image':'nginx:1'}]}}}}")).ToFieldsV1());

    [Fact]
    public void SetListItemsAreNamedByValue() =>
        Exactly("{'f:metadata':{'f:finalizers':{'v:\\'a\\'':{},'v:\\'b\\'':{}}}}",
            FieldSet.Of(O("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'finalizers':['b','a']}}")).ToFieldsV1());

    [Fact]
    public void AtomicListsAndSelectorsAreOwnedWhole() =>
        Exactly("{'f:spec':{'f:selector':{},'f:template':{'f:spec':{'f:containers':{'k:{\\'name\\':\\'c\\'}':{'.':{},'f:args':{},'f:name':{}}}}}}}",
            FieldSet.Of(O("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'spec':{'containers':[{'name':'c','args':['x','y']}]}}}}")).ToFieldsV1());

    [Fact]
    public void EmptyMapsAreMembers() =>
        Exactly("{'f:spec':{'f:template':{'f:spec':{'f:volumes':{'k:{\\'name\\':\\'d\\'}':{'.':{},'f:emptyDir':{},'f:name':{}}}}}}}",
            FieldSet.Of(O("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'template':{'spec':{'volumes':[{'name':'d','emptyDir':{}}]}}}}")).ToFieldsV1());

    [Fact]
    public void PathsUseTheApiServerNotation() =>
        Assert.Equal([".spec.replicas", ".spec.template.spec.containers[name=\"nginx\"]", ".spec.template.spec.containers[name=\"nginx\"].image", ".spec.template.spec.containers[name=\"nginx\"].name"],
            FieldSet.Of(O("{'apiVersion':'apps/v1','kind':'Deployment','spec':{'replicas':1,'template':{'spec':{'containers':[{'name':'nginx','image':'i'}]}}}}")).Paths);

    [Fact]
    public void CustomResourceListTypesComeFromTheSchema()
    {
        var schema = O("{'type':'object','properties':{'spec':{'type':'object','properties':{" +
            "'ports':{'type':'array','x-kubernetes-list-type':'map','x-kubernetes-list-map-keys':['port','protocol'],'items':{'type':'object'}}," +
            "'tags':{'type':'array','x-kubernetes-list-type':'set','items':{'type':'string'}}," +
            "'args':{'type':'array','items':{'type':'string'}}," +
            "'ref':{'type':'object','x-kubernetes-map-type':'atomic'}}}}}");
        var set = FieldSet.Of(O("{'apiVersion':'x.io/v1','kind':'W','spec':{'ports':[{'protocol':'TCP','port':80}],'tags':['t'],'args':['a'],'ref':{'name':'n'}}}"),
            ListTypes.FromOpenApiSchema(schema));
        Exactly("{'f:spec':{'f:args':{},'f:ports':{'k:{\\'port\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:port':{},'f:protocol':{}}},'f:ref':{},'f:tags':{'v:\\'t\\'':{}}}}", set.ToFieldsV1());
    }

    [Fact]
    public void FieldsV1RoundTrips()
    {
        var text = "{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:containers':{'k:{\\'name\\':\\'nginx\\'}':{'.':{},'f:image':{}}}}}";
        Exactly(text, FieldSet.FromFieldsV1(O(text)).ToFieldsV1());
    }

    [Fact]
    public void DuplicateKeysAreRejected()
    {
        var error = Assert.Throws<PatchException>(() => FieldSet.Of(O("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'name':'a'},{'name':'a'}]}}")));
        Assert.Equal(400, error.Code);
        Assert.Contains(".spec.containers: duplicate entries for key [name=\"a\"]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ItemsWithoutTheirKeyAreRejected() =>
        Assert.Contains("omits key field \"name\"",
            Assert.Throws<PatchException>(() => FieldSet.Of(O("{'apiVersion':'v1','kind':'Pod','spec':{'containers':[{'image':'a'}]}}"))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("{'f:a':{},'f:b':{'f:c':{},'f:d':{}}}", "{'f:b':{'f:c':{}}}")]
    [InlineData("{'f:a':{},'f:b':{'.':{},'f:c':{}}}", "{'f:b':{}}")]
    [InlineData("{'f:b':{'.':{},'f:c':{}}}", "{'f:b':{'f:c':{}}}")]
    [InlineData("{'f:a':{'f:x':{'f:y':{}}}}", "{'f:a':{'f:x':{'f:y':{}}}}")]
    [InlineData("{'f:a':{},'k:{\\'n\\':1}':{'.':{},'f:n':{}}}", "{'f:z':{},'k:{\\'n\\':1}':{'f:n':{}}}")]
    [InlineData("{}", "{'f:a':{}}")]
    [InlineData("{'f:a':{}}", "{}")]
    public void SubtractingInPlaceLeavesWhatDifferenceReturns(string a, string b)
    {
        var expected = FieldSet.Difference(FieldSet.FromFieldsV1(O(a)), FieldSet.FromFieldsV1(O(b))).ToFieldsV1().ToJsonString();
        var set = FieldSet.FromFieldsV1(O(a));
        set.Subtract(FieldSet.FromFieldsV1(O(b)));
        Assert.Equal(expected, set.ToFieldsV1().ToJsonString());
    }

    [Fact]
    public void AttachingUnderAnExistingStepMergesIntoIt()
    {
        var set = FieldSet.FromFieldsV1(O("{'f:a':{'f:x':{}}}"));
        set.Attach("f:a", FieldSet.FromFieldsV1(O("{'f:y':{}}")));
        set.Attach("f:b", FieldSet.FromFieldsV1(O("{'f:z':{}}")));
        Exactly("{'f:a':{'f:x':{},'f:y':{}},'f:b':{'f:z':{}}}", set.ToFieldsV1());
    }

    private static void Exactly(string expected, JsonObject actual) => PatchText.Exactly(expected, actual);
}
