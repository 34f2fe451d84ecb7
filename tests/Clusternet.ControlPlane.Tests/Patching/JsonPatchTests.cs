using Clusternet.ControlPlane.Patching;
using static Clusternet.ControlPlane.Tests.Patching.PatchText;

namespace Clusternet.ControlPlane.Tests.Patching;

public sealed class JsonPatchTests
{
    private static PatchException Fails(string document, string patch) =>
        Assert.Throws<PatchException>(() => JsonPatch.Parse(J(patch)).Apply(J(document)));

    // RFC 6902 appendix A, each example in our own data.
    [Theory]
    [InlineData("{'a':'x'}", "[{'op':'add','path':'/b','value':'y'}]", "{'a':'x','b':'y'}")]
    [InlineData("{'list':['p','r']}", "[{'op':'add','path':'/list/1','value':'q'}]", "{'list':['p','q','r']}")]
    [InlineData("{'a':1,'b':2}", "[{'op':'remove','path':'/b'}]", "{'a':1}")]
    [InlineData("{'list':['p','q','r']}", "[{'op':'remove','path':'/list/1'}]", "{'list':['p','r']}")]
    [InlineData("{'a':1,'b':2}", "[{'op':'replace','path':'/b','value':3}]", "{'a':1,'b':3}")]
    [InlineData("{'src':{'k':'v','w':1},'dst':{'z':0}}", "[{'op':'move','from':'/src/k','path':'/dst/k'}]", "{'src':{'w':1},'dst':{'z':0,'k':'v'}}")]
    [InlineData("{'list':['a','b','c','d']}", "[{'op':'move','from':'/list/1','path':'/list/3'}]", "{'list':['a','c','d','b']}")]
    [InlineData("{'n':'v','l':[1,'2',{'x':true}]}", "[{'op':'test','path':'/n','value':'v'},{'op':'test','path':'/l','value':[1,'2',{'x':true}]}]", "{'n':'v','l':[1,'2',{'x':true}]}")]
    [InlineData("{'a':'x'}", "[{'op':'add','path':'/child','value':{'grand':{'deep':1}}}]", "{'a':'x','child':{'grand':{'deep':1}}}")]
    [InlineData("{'a':'x'}", "[{'op':'add','path':'/b','value':'y','extra':'ignored'}]", "{'a':'x','b':'y'}")]
    [InlineData("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}")]
    [InlineData("{'list':['a']}", "[{'op':'add','path':'/list/-','value':['b','c']}]", "{'list':['a',['b','c']]}")]
    public void AppliesTheRfcExamples(string document, string patch, string expected) =>
        Same(expected, JsonPatch.Parse(J(patch)).Apply(J(document)));

    [Fact]
    public void FailedTestIsInvalidWithTheUpstreamMessage()
    {
        var error = Fails("{'a':'x'}", "[{'op':'test','path':'/a','value':'y'}]");
        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("the server rejected our request due to an error in our request", error.Message);
        Assert.Equal("testing value /a failed: test failed (operation 0)", error.Detail);
        Assert.Equal(0, error.OperationIndex);
        Assert.Equal("/a", error.Path);
    }

    [Fact]
    public void StringAndNumberAreNotEqualInTest() =>
        Assert.Equal("testing value /n failed: test failed (operation 0)", Fails("{'n':'10'}", "[{'op':'test','path':'/n','value':10}]").Detail);

    [Fact]
    public void TestComparesNumbersByValue() =>
        Same("{'n':1}", JsonPatch.Parse(J("[{'op':'test','path':'/n','value':1.0}]")).Apply(J("{'n':1}")));

    [Fact]
    public void AddUnderMissingParentIsRejected()
    {
        var error = Fails("{'spec':{}}", "[{'op':'test','path':'/spec','value':{}},{'op':'add','path':'/spec/x/y','value':1}]");
        Assert.Equal(422, error.Code);
        Assert.Equal("add operation does not apply: doc is missing path: \"/spec/x/y\": missing value (operation 1)", error.Detail);
        Assert.Equal(1, error.OperationIndex);
    }

    [Fact]
    public void RemoveOfMissingMemberIsRejected() =>
        Assert.Equal("remove operation does not apply: doc is missing path: \"/spec/x\": missing value (operation 0)", Fails("{'spec':{}}", "[{'op':'remove','path':'/spec/x'}]").Detail);

    [Fact]
    public void ReplaceOfMissingKeyIsRejected() =>
        Assert.Equal("replace operation does not apply: doc is missing key: /spec/x: missing value (operation 0)", Fails("{'spec':{}}", "[{'op':'replace','path':'/spec/x','value':1}]").Detail);

    [Fact]
    public void MoveFromMissingPathIsRejected() =>
        Assert.Equal("move operation does not apply: doc is missing from path: /a: missing value (operation 0)", Fails("{}", "[{'op':'move','from':'/a','path':'/b'}]").Detail);

    [Fact]
    public void MoveIntoItsOwnChildIsRejected() =>
        Assert.Equal(422, Fails("{'a':{'b':1}}", "[{'op':'move','from':'/a','path':'/a/b/c'}]").Code);

    [Fact]
    public void CopyDuplicatesTheValue() =>
        Same("{'a':{'x':[1]},'b':{'x':[1]}}", JsonPatch.Parse(J("[{'op':'copy','from':'/a','path':'/b'}]")).Apply(J("{'a':{'x':[1]}}")));

    [Fact]
    public void DashAppendsToAnArray() =>
        Same("{'l':[1,2,3]}", JsonPatch.Parse(J("[{'op':'add','path':'/l/-','value':3}]")).Apply(J("{'l':[1,2]}")));

    [Fact]
    public void IndexPastTheEndIsRejected() =>
        Assert.Equal("error in add for path: '/l/3': Unable to access invalid index: 3 (operation 0)", Fails("{'l':[1,2]}", "[{'op':'add','path':'/l/3','value':0}]").Detail);

    [Fact]
    public void IndexWithLeadingZeroIsNotAnIndex() =>
        Assert.Equal(422, Fails("{'l':[1,2]}", "[{'op':'replace','path':'/l/01','value':0}]").Code);

    [Fact]
    public void ReplaceAtRootReplacesTheDocument() =>
        Same("{'b':2}", JsonPatch.Parse(J("[{'op':'replace','path':'','value':{'b':2}}]")).Apply(J("{'a':1}")));

    [Fact]
    public void ExplicitNullIsAValue() =>
        Same("{'a':null}", JsonPatch.Parse(J("[{'op':'add','path':'/a','value':null}]")).Apply(J("{}")));

    [Fact]
    public void EscapedTokensAddress()
    {
        var patched = JsonPatch.Parse(J("[{'op':'add','path':'/metadata/labels/example.com~1tier','value':'web'},{'op':'add','path':'/metadata/labels/a~0b','value':'t'}]"))
            .Apply(J("{'metadata':{'labels':{}}}"));
        Same("{'metadata':{'labels':{'example.com/tier':'web','a~b':'t'}}}", patched);
    }

    [Fact]
    public void FailedOperationLeavesTheDocumentUntouched()
    {
        var document = J("{'a':1,'l':[1]}");
        var patch = JsonPatch.Parse(J("[{'op':'add','path':'/b','value':2},{'op':'remove','path':'/l/0'},{'op':'test','path':'/a','value':9}]"));
        Assert.Throws<PatchException>(() => patch.Apply(document));
        Exactly("{'a':1,'l':[1]}", document);
    }

    [Fact]
    public void ApplyDoesNotShareNodesWithThePatch()
    {
        var patch = JsonPatch.Parse(J("[{'op':'add','path':'/v','value':{'x':1}}]"));
        var first = patch.Apply(J("{}"))!;
        first["v"]!["x"] = 2;
        Same("{'v':{'x':1}}", patch.Apply(J("{}")));
    }

    [Theory]
    [InlineData("{'op':'add'}", "json: cannot unmarshal object into Go value of type jsonpatch.Patch")]
    [InlineData("'x'", "json: cannot unmarshal string into Go value of type jsonpatch.Patch")]
    [InlineData("[1]", "json: cannot unmarshal number into Go value of type jsonpatch.Operation")]
    [InlineData("[{'path':'/a'}]", "Unexpected kind: unknown (operation 0)")]
    [InlineData("[{'op':'add','path':'/a','value':1},{'op':'upsert','path':'/a'}]", "Unexpected kind: upsert (operation 1)")]
    [InlineData("[{'op':'remove'}]", "remove operation failed to decode path (operation 0)")]
    [InlineData("[{'op':'add','path':'/a'}]", "add operation does not apply: missing \"value\" (operation 0)")]
    [InlineData("[{'op':'copy','path':'/a'}]", "copy operation failed to decode from (operation 0)")]
    [InlineData("[{'op':'remove','path':'a'}]", "remove operation failed to decode path: invalid JSON pointer \"a\": it must be empty or start with \"/\" (operation 0)")]
    [InlineData("[{'op':'remove','path':'/a~2'}]", "remove operation failed to decode path: invalid JSON pointer \"/a~2\": \"~\" must be followed by \"0\" or \"1\" (operation 0)")]
    [InlineData("[{'op':'move','from':'/x~','path':'/a'}]", "move operation failed to decode from: invalid JSON pointer \"/x~\": \"~\" must be followed by \"0\" or \"1\" (operation 0)")]
    public void MalformedPatchIsABadRequest(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Parse(J(patch)));
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void InvalidJsonTextIsABadRequest() =>
        Assert.Equal(400, Assert.Throws<PatchException>(() => JsonPatch.Parse("[{"u8)).Code);

    [Fact]
    public void NullDocumentIsAnEmptyPatch() => Assert.Equal(0, JsonPatch.Parse((System.Text.Json.Nodes.JsonNode?)null).Count);

    [Fact]
    public void StatusCarriesCodeReasonAndMessage()
    {
        var status = Fails("{}", "[{'op':'remove','path':'/x'}]").ToStatus();
        Assert.Equal(("Failure", "Invalid", 422), (status.Status, status.Reason, status.Code));
        Assert.Equal(PatchException.RejectedMessage, status.Message);
    }
}
