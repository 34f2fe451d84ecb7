using System.Text.Json.Nodes;
using static Clusternet.ControlPlane.Tests.Admission.AdmissionChain;

namespace Clusternet.ControlPlane.Tests.Admission;

public sealed class ObjectMetaValidationTests
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    [Fact]
    public async Task UppercaseConfigMapNameIsInvalidWithTheSubdomainMessage()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "configmaps", Json("""{"metadata":{"name":"Foo"}}""")));
        Assert.Equal(422, status.Code);
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal("ConfigMap \"Foo\" is invalid: metadata.name: Invalid value: \"Foo\": " + SubdomainMessage, status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldValueInvalid", "metadata.name"), (cause.Reason, cause.Field));
    }

    [Fact]
    public async Task MissingNameAndGenerateNameIsRequired()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "configmaps", Json("""{"metadata":{}}""")));
        Assert.Equal("ConfigMap \"\" is invalid: metadata.name: Required value: name or generateName is required", status.Message);
    }

    [Fact]
    public async Task GenerateNameAloneIsAcceptedAndATrailingDashIsAllowed()
    {
        var chain = await StartAsync();
        await chain.AdmitAsync(Create("", "configmaps", Json("""{"metadata":{"generateName":"cm-"}}""")));
    }

    [Fact]
    public async Task InvalidGenerateNameIsReportedOnItsField()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "configmaps", Json("""{"metadata":{"generateName":"CM-"}}""")));
        Assert.Equal("metadata.generateName", Assert.Single(status.Details.Causes).Field);
    }

    [Fact]
    public async Task NamespaceNamesAreRfc1123Labels()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "namespaces", Json("""{"metadata":{"name":"a.b"}}""")));
        Assert.Equal(
            "Namespace \"a.b\" is invalid: metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
            status.Message);
    }

    [Fact]
    public async Task ServiceNamesAreRfc1035Labels()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "services", Json("""{"metadata":{"name":"1svc"},"spec":{"ports":[{"port":80}]}}""")));
        Assert.Equal(
            "Service \"1svc\" is invalid: metadata.name: Invalid value: \"1svc\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
            status.Message);
    }

    [Fact]
    public async Task LongNamesReportTheLengthLimit()
    {
        var chain = await StartAsync();
        var name = new string('a', 254);
        var status = await chain.RefusedAsync(Create("", "configmaps", Json($$$"""{"metadata":{"name":"{{{name}}}"}}""")));
        Assert.Equal("Invalid value: \"" + name + "\": must be no more than 253 characters", Assert.Single(status.Details.Causes).Message);
    }

    [Fact]
    public async Task InvalidLabelKeyAndValueAreReportedAtTheLabelsPath()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "configmaps", Json("""{"metadata":{"name":"a","labels":{"/x":"ok","k":"bad value"}}}""")));
        Assert.Equal(
            [
                "Invalid value: \"/x\": prefix part must be non-empty",
                "Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            ],
            status.Details.Causes.Select(c => c.Message));
        Assert.All(status.Details.Causes, c => Assert.Equal("metadata.labels", c.Field));
    }

    [Fact]
    public async Task AnnotationKeysMayHaveUpperCase()
    {
        var chain = await StartAsync();
        await chain.AdmitAsync(Create("", "configmaps", Json("""{"metadata":{"name":"a","annotations":{"Example.com/MyKey":"any value at all"}}}""")));
    }

    [Fact]
    public async Task AnnotationsOver256KiBAreTooLong()
    {
        var chain = await StartAsync();
        var obj = Json("""{"metadata":{"name":"a","annotations":{}}}""");
        obj["metadata"]!["annotations"]!["big"] = new string('x', 256 * 1024);
        var status = await chain.RefusedAsync(Create("", "configmaps", obj));
        Assert.Equal("ConfigMap \"a\" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes", status.Message);
    }

    [Fact]
    public async Task UpdateRestoresUidAndCreationTimestamp()
    {
        var chain = await StartAsync();
        var old = Json("""{"metadata":{"name":"a","namespace":"ns","uid":"u1","creationTimestamp":"2024-01-01T00:00:00Z"}}""");
        var updated = await chain.AdmitAsync(Update("", "configmaps", Json("""{"metadata":{"name":"a","creationTimestamp":"2030-01-01T00:00:00Z"}}"""), old));
        Assert.Equal("u1", updated["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal("2024-01-01T00:00:00Z", updated["metadata"]!["creationTimestamp"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateChangingTheUidIsRefused()
    {
        var chain = await StartAsync();
        var old = Json("""{"metadata":{"name":"a","namespace":"ns","uid":"u1"}}""");
        var status = await chain.RefusedAsync(Update("", "configmaps", Json("""{"metadata":{"name":"a","uid":"u2"}}"""), old));
        Assert.Equal("ConfigMap \"a\" is invalid: metadata.uid: Invalid value: \"u2\": field is immutable", status.Message);
    }

    [Fact]
    public async Task UpdateChangingTheNameIsRefused()
    {
        var chain = await StartAsync();
        var old = Json("""{"metadata":{"name":"a","namespace":"ns","uid":"u1"}}""");
        var status = await chain.RefusedAsync(Update("", "configmaps", Json("""{"metadata":{"name":"b"}}"""), old));
        Assert.Equal("ConfigMap \"b\" is invalid: metadata.name: Invalid value: \"b\": field is immutable", status.Message);
    }

    [Fact]
    public async Task RbacNamesArePathSegments()
    {
        var chain = await StartAsync();
        await chain.AdmitAsync(Create("rbac.authorization.k8s.io", "clusterroles", Json("""{"metadata":{"name":"system:Controller"}}""")));
        var status = await chain.RefusedAsync(Create("rbac.authorization.k8s.io", "clusterroles", Json("""{"metadata":{"name":"a/b"}}""")));
        Assert.Equal("ClusterRole.rbac.authorization.k8s.io \"a/b\" is invalid: metadata.name: Invalid value: \"a/b\": may not contain '/'", status.Message);
    }
}
