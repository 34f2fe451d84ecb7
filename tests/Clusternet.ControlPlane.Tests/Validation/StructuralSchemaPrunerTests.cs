using Clusternet.ControlPlane.Validation;
using static Clusternet.ControlPlane.Tests.Validation.SchemaText;

namespace Clusternet.ControlPlane.Tests.Validation;

public sealed class StructuralSchemaPrunerTests
{
    private static readonly StructuralSchemaPruner Pruner = new();

    private const string SpecSchema =
        "{'type':'object','properties':{'spec':{'type':'object','properties':{'name':{'type':'string'},'items':{'type':'array','items':{'type':'object','properties':{'a':{'type':'string'}}}}}}}}";

    [Fact]
    public void UnknownFieldsAreRemovedAndReported()
    {
        var value = Json("{'spec':{'name':'x','extra':1,'items':[{'a':'1','b':2}]}}");
        var removed = Pruner.Prune(Schema(SpecSchema), value);
        Assert.Equal(["spec.extra", "spec.items[0].b"], removed);
        Assert.Equal("{\"spec\":{\"name\":\"x\",\"items\":[{\"a\":\"1\"}]}}", value!.ToJsonString());
    }

    [Fact]
    public void ResourceRootKeepsTypeMetaAndMetadata()
    {
        var value = Json("{'apiVersion':'apps.clusternet.io/v1alpha1','kind':'Subscription','metadata':{'name':'a'},'spec':{}}");
        Assert.Empty(Pruner.Prune(Schema(SpecSchema), value));
    }

    [Fact]
    public void PreserveUnknownFieldsKeepsUnknownFields()
    {
        var value = Json("{'spec':{'anything':{'deep':[1]}}}");
        Assert.Empty(Pruner.Prune(Schema("{'type':'object','properties':{'spec':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}"), value));
        Assert.Equal("{\"spec\":{\"anything\":{\"deep\":[1]}}}", value!.ToJsonString());
    }

    [Fact]
    public void KnownPropertiesUnderPreserveUnknownFieldsAreStillPruned()
    {
        var value = Json("{'spec':{'known':{'a':1,'b':2},'other':3}}");
        var removed = Pruner.Prune(Schema("{'type':'object','properties':{'spec':{'type':'object','x-kubernetes-preserve-unknown-fields':true,'properties':{'known':{'type':'object','properties':{'a':{'type':'integer'}}}}}}}"), value);
        Assert.Equal(["spec.known.b"], removed);
    }

    [Fact]
    public void EmbeddedResourceKeepsApiVersionKindAndMetadata()
    {
        var value = Json("{'t':{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'junk':1}}");
        var removed = Pruner.Prune(Schema("{'type':'object','properties':{'t':{'type':'object','x-kubernetes-embedded-resource':true}}}"), value);
        Assert.Equal(["t.junk"], removed);
    }

    [Fact]
    public void NullOfNonNullableFieldWithoutDefaultIsRemoved()
    {
        var value = Json("{'feeds':null}");
        Pruner.PruneNonNullableNulls(Schema("{'type':'object','properties':{'feeds':{'type':'array'}}}"), value);
        Assert.Equal("{}", value!.ToJsonString());
    }

    [Fact]
    public void NullOfNullableFieldIsKept()
    {
        var value = Json("{'name':null}");
        Pruner.PruneNonNullableNulls(Schema("{'type':'object','properties':{'name':{'type':'string','nullable':true}}}"), value);
        Assert.Equal("{\"name\":null}", value!.ToJsonString());
    }

    [Fact]
    public void NullOfDefaultedFieldIsKeptForTheDefaulter()
    {
        var value = Json("{'mode':null}");
        Pruner.PruneNonNullableNulls(Schema("{'type':'object','properties':{'mode':{'type':'string','default':'Pull'}}}"), value);
        Assert.Equal("{\"mode\":null}", value!.ToJsonString());
    }
}
