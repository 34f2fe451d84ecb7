using Clusternet.ControlPlane.Patching;
using static Clusternet.ControlPlane.Tests.Patching.PatchText;

namespace Clusternet.ControlPlane.Tests.Patching;

public sealed class MergePatchTests
{
    // RFC 7386 §3's table of examples, re-expressed.
    [Theory]
    [InlineData("{'a':'b'}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}")]
    [InlineData("{'a':'b'}", "{'a':null}", "{}")]
    [InlineData("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}")]
    [InlineData("{'a':['b']}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'c'}", "{'a':['b']}", "{'a':['b']}")]
    [InlineData("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}")]
    [InlineData("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("['a','b']", "['c','d']", "['c','d']")]
    [InlineData("{'a':'b'}", "['c']", "['c']")]
    [InlineData("{'a':'foo'}", "null", "null")]
    [InlineData("{'a':'foo'}", "'bar'", "'bar'")]
    [InlineData("{'e':null}", "{'a':1}", "{'e':null,'a':1}")]
    [InlineData("[1,2]", "{'a':'b','c':null}", "{'a':'b'}")]
    [InlineData("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}")]
    public void AppliesTheRfcExamples(string document, string patch, string expected) =>
        Same(expected, MergePatch.Apply(J(document), J(patch)));

    [Fact]
    public void MergesLabelsAndLeavesTheRest()
    {
        var document = J("{'metadata':{'name':'cm1','labels':{'a':'1'}},'data':{'k':'v'}}");
        Exactly("{'metadata':{'name':'cm1','labels':{'a':'1','foo':'bar'}},'data':{'k':'v'}}", MergePatch.Apply(document, J("{'metadata':{'labels':{'foo':'bar'}}}")));
        Exactly("{'metadata':{'name':'cm1','labels':{'a':'1'}},'data':{'k':'v'}}", document);
    }

    [Fact]
    public void InvalidJsonTextIsABadRequest() =>
        Assert.Equal(400, Assert.Throws<PatchException>(() => MergePatch.Apply(J("{}"), "{x"u8)).Code);
}
