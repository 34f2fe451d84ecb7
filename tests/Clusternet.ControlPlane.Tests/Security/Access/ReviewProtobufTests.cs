using Clusternet.ControlPlane.Api.Protobuf;
using Clusternet.ControlPlane.Tests.Api.Protobuf.Support;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>Review bodies in protobuf, as kubectl 1.32 and client-go send them, decode to the JSON they would have sent.</summary>
public sealed class ReviewProtobufTests
{
    [Fact]
    public void ASubjectAccessReviewDecodesWithItsExtraAsPlainLists()
    {
        // Go writes every non-pointer field (user, uid, the empty metadata and status) and map entries sorted by key.
        var body = ProtoWriter.Envelope("authorization.k8s.io/v1", "SubjectAccessReview", r => r
            .Message(1, _ => { })
            .Message(2, s => s
                .Message(1, a => a.String(1, "web").String(2, "create").String(3, "").String(4, "").String(5, "configmaps").String(6, "").String(7, ""))
                .String(3, "alice")
                .String(4, "devs")
                .Message(5, e => e.String(1, "scopes").Message(2, v => v.String(1, "view").String(1, "edit")))
                .String(6, "u-1"))
            .Message(3, s => s.Bool(1, false).String(2, "").String(3, "").Bool(4, false)));

        Assert.Equal(
            """{"kind":"SubjectAccessReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"resourceAttributes":{"namespace":"web","verb":"create","resource":"configmaps"},"user":"alice","groups":["devs"],"extra":{"scopes":["view","edit"]},"uid":"u-1"}}""",
            ProtobufObjectDecoder.Decode(body).ToJsonString());
    }

    [Fact]
    public void ASelfSubjectRulesReviewDecodesItsNamespace()
    {
        var body = ProtoWriter.Envelope("authorization.k8s.io/v1", "SelfSubjectRulesReview", r => r
            .Message(1, _ => { })
            .Message(2, s => s.String(1, "team")));

        Assert.Equal(
            """{"kind":"SelfSubjectRulesReview","apiVersion":"authorization.k8s.io/v1","metadata":{},"spec":{"namespace":"team"}}""",
            ProtobufObjectDecoder.Decode(body).ToJsonString());
    }
}
