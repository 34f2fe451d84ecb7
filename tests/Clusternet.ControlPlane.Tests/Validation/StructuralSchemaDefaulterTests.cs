using Clusternet.ControlPlane.Validation;
using static Clusternet.ControlPlane.Tests.Validation.SchemaText;

namespace Clusternet.ControlPlane.Tests.Validation;

public sealed class StructuralSchemaDefaulterTests
{
    private static readonly StructuralSchemaDefaulter Defaulter = new();

    private static string Defaulted(string schema, string value)
    {
        var node = Json(value);
        Defaulter.Default(Schema(schema), node);
        return node!.ToJsonString();
    }

    [Fact]
    public void MissingPropertyGetsItsDefault() =>
        Assert.Equal("{\"mode\":\"Pull\"}", Defaulted("{'type':'object','properties':{'mode':{'type':'string','default':'Pull'}}}", "{}"));

    [Fact]
    public void PresentPropertyKeepsItsValue() =>
        Assert.Equal("{\"mode\":\"Push\"}", Defaulted("{'type':'object','properties':{'mode':{'type':'string','default':'Pull'}}}", "{'mode':'Push'}"));

    [Fact]
    public void NullInNonNullableFieldIsReplacedByDefault() =>
        Assert.Equal("{\"priority\":500}", Defaulted("{'type':'object','properties':{'priority':{'type':'integer','default':500}}}", "{'priority':null}"));

    [Fact]
    public void NullInNullableFieldStays() =>
        Assert.Equal("{\"priority\":null}", Defaulted("{'type':'object','properties':{'priority':{'type':'integer','nullable':true,'default':500}}}", "{'priority':null}"));

    [Fact]
    public void DefaultedObjectGetsItsOwnPropertiesDefaults() =>
        Assert.Equal(
            "{\"dividing\":{\"type\":\"Static\"}}",
            Defaulted("{'type':'object','properties':{'dividing':{'type':'object','default':{},'properties':{'type':{'type':'string','default':'Static'}}}}}", "{}"));

    [Fact]
    public void ListItemsGetDefaults() =>
        Assert.Equal(
            "{\"list\":[{\"w\":1},{\"w\":2}]}",
            Defaulted("{'type':'object','properties':{'list':{'type':'array','items':{'type':'object','properties':{'w':{'type':'integer','default':1}}}}}}", "{'list':[{},{'w':2}]}"));

    [Fact]
    public void DefaultsAreCopiedNotShared()
    {
        var schema = Schema("{'type':'object','properties':{'a':{'type':'object','default':{'x':1}}}}");
        var first = Json("{}");
        var second = Json("{}");
        Defaulter.Default(schema, first);
        Defaulter.Default(schema, second);
        first!["a"]!["x"] = 2;
        Assert.Equal("{\"a\":{\"x\":1}}", second!.ToJsonString());
    }
}
