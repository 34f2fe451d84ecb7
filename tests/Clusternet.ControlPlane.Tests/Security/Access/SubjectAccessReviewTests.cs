using k8s;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Security.Access;

/// <summary>SubjectAccessReview and LocalSubjectAccessReview over HTTPS, decided by the test table (and system:masters).</summary>
public sealed class SubjectAccessReviewTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private const string Reviews = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    [Fact]
    public async Task AnAllowedSubjectIsAllowedAndTheSpecIsEchoed()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview",
             "spec":{"user":"alice","resourceAttributes":{"namespace":"web","verb":"create","resource":"configmaps"}}}
            """);

        Assert.Equal(201, code);
        Assert.Equal("SubjectAccessReview", body["kind"]!.GetValue<string>());
        Assert.Equal("alice", body["spec"]!["user"]!.GetValue<string>());
        Assert.Equal("configmaps", body["spec"]!["resourceAttributes"]!["resource"]!.GetValue<string>());
        Assert.True(body["status"]!["allowed"]!.GetValue<bool>());
        Assert.Equal(TableAuthorizer.AllowReason, body["status"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task ASubjectWithoutPermissionIsNotAllowedNorDenied()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"spec":{"user":"bob","resourceAttributes":{"namespace":"web","verb":"create","resource":"configmaps"}}}
            """);

        Assert.Equal(201, code);
        Assert.False(body["status"]!["allowed"]!.GetValue<bool>());
        Assert.Null(body["status"]!["denied"]);
    }

    [Fact]
    public async Task ADeniedSubjectIsDeniedWithTheReason()
    {
        var (_, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"spec":{"user":"eve","resourceAttributes":{"namespace":"web","verb":"delete","resource":"secrets","name":"s"}}}
            """);

        Assert.False(body["status"]!["allowed"]!.GetValue<bool>());
        Assert.True(body["status"]!["denied"]!.GetValue<bool>());
        Assert.Equal(TableAuthorizer.DenyReason, body["status"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheSpecsGroupsAreTakenAsGivenSoMastersAreAllowed()
    {
        var (_, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"spec":{"user":"root","groups":["system:masters"],"resourceAttributes":{"verb":"delete","resource":"nodes","name":"n1"}}}
            """);

        Assert.True(body["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task TheSubjectIsEvaluatedExactlyAsTheSpecNamesIt()
    {
        var ns = "sar-" + Guid.NewGuid().ToString("N")[..8];

        await fixture.SendAsync(HttpMethod.Post, Reviews, $$$"""
            {"spec":{"user":"dana","uid":"d-1","groups":["devs"],"extra":{"scopes":["view"]},
                     "resourceAttributes":{"namespace":"{{{ns}}}","verb":"get","resource":"configmaps"} } }
            """);

        var attributes = fixture.Table.LastFor("configmaps", ns)!;
        Assert.Equal("dana", attributes.User.Name);
        Assert.Equal("d-1", attributes.User.Uid);
        Assert.Equal(["devs"], attributes.User.Groups); // no system:authenticated is added
        Assert.Equal(["view"], attributes.User.Extra["scopes"]);
        Assert.Equal("*", attributes.ApiVersion);
    }

    [Fact]
    public async Task NonResourceAttributesAreChecked()
    {
        var (_, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"spec":{"user":"alice","groups":["system:authenticated"],"nonResourceAttributes":{"path":"/apis","verb":"get"}}}
            """);

        Assert.True(body["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task BothAttributeKindsAreInvalid()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"spec":{"user":"alice","resourceAttributes":{"verb":"get","resource":"pods"},"nonResourceAttributes":{"path":"/x","verb":"get"}}}
            """);

        Assert.Equal(422, code);
        Assert.Equal("Invalid", body["reason"]!.GetValue<string>());
        Assert.Equal(
            "SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/x\", Verb:\"get\"}: cannot be specified in combination with resourceAttributes",
            body["message"]!.GetValue<string>());
        Assert.Equal("spec.nonResourceAttributes", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task NeitherAttributeKindNorSubjectIsInvalidOnBothFields()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """{"spec":{}}""");

        Assert.Equal(422, code);
        Assert.Equal(
            "SubjectAccessReview.authorization.k8s.io \"\" is invalid: [spec.resourceAttributes: Invalid value: \"null\": exactly one of nonResourceAttributes or resourceAttributes must be specified, spec.user: Invalid value: \"\": at least one of user or group must be specified]",
            body["message"]!.GetValue<string>());
        Assert.Equal(["spec.resourceAttributes", "spec.user"], body["details"]!["causes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MetadataMustBeEmpty()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, Reviews, """
            {"metadata":{"name":"x"},"spec":{"user":"alice","resourceAttributes":{"verb":"get","resource":"pods"}}}
            """);

        Assert.Equal(422, code);
        Assert.Equal("metadata", body["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        Assert.EndsWith(": must be empty", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACallerNotAllowedToCreateReviewsIsForbidden()
    {
        var (code, body) = await fixture.SendAsAsync(AccessFixture.MalloryToken, HttpMethod.Post, Reviews, """
            {"spec":{"user":"alice","resourceAttributes":{"verb":"get","resource":"pods"}}}
            """);

        Assert.Equal(403, code);
        Assert.Equal(
            "subjectaccessreviews.authorization.k8s.io is forbidden: User \"mallory\" cannot create resource \"subjectaccessreviews\" in API group \"authorization.k8s.io\" at the cluster scope",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ALocalReviewIsAnsweredWithinItsNamespace()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews", """
            {"spec":{"user":"alice","resourceAttributes":{"namespace":"team","verb":"list","resource":"pods"}}}
            """);

        Assert.Equal(201, code);
        Assert.Equal("LocalSubjectAccessReview", body["kind"]!.GetValue<string>());
        Assert.Equal("team", body["metadata"]!["namespace"]!.GetValue<string>());
        Assert.True(body["status"]!["allowed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ALocalReviewOfAnotherNamespaceIsInvalid()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews", """
            {"spec":{"user":"alice","resourceAttributes":{"namespace":"other","verb":"list","resource":"pods"}}}
            """);

        Assert.Equal(422, code);
        Assert.Equal(
            "LocalSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.resourceAttributes.namespace: Invalid value: \"other\": must match metadata.namespace",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ALocalReviewWhoseMetadataNamesAnotherNamespaceIsABadRequest()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews", """
            {"metadata":{"namespace":"other"},"spec":{"user":"alice","resourceAttributes":{"namespace":"other","verb":"list","resource":"pods"}}}
            """);

        Assert.Equal(400, code);
        Assert.Equal("the namespace of the provided object does not match the namespace sent on the request", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task ALocalReviewOfANonResourcePathIsInvalid()
    {
        var (code, body) = await fixture.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/namespaces/team/localsubjectaccessreviews", """
            {"spec":{"user":"alice","nonResourceAttributes":{"path":"/healthz","verb":"get"}}}
            """);

        Assert.Equal(422, code);
        Assert.Equal(
            "LocalSubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.nonResourceAttributes: Invalid value: authorization.NonResourceAttributes{Path:\"/healthz\", Verb:\"get\"}: disallowed on this kind of request",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task KubernetesClientCanCreateASubjectAccessReview()
    {
        var review = await fixture.Client.AuthorizationV1.CreateSubjectAccessReviewAsync(new k8s.Models.V1SubjectAccessReview
        {
            Spec = new k8s.Models.V1SubjectAccessReviewSpec
            {
                User = "alice",
                ResourceAttributes = new k8s.Models.V1ResourceAttributes { NamespaceProperty = "web", Verb = "create", Resource = "configmaps" },
            },
        });

        Assert.True(review.Status.Allowed);
    }
}
