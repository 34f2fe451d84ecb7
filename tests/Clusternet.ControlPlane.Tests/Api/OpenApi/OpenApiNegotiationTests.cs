using Clusternet.ControlPlane.Api.OpenApi;

namespace Clusternet.ControlPlane.Tests.Api.OpenApi;

public sealed class OpenApiNegotiationTests
{
    [Fact]
    public void KubectlSwaggerRequestGetsProtobufWithAGoParsableContentType()
    {
        var negotiated = OpenApiNegotiation.ForSwagger("application/com.github.proto-openapi.spec.v2@v1.0+protobuf");

        Assert.Equal(OpenApiFormat.Protobuf, negotiated.Format);
        Assert.DoesNotContain('@', negotiated.ContentType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf")]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("text/html")]
    public void OtherSwaggerRequestsGetJson(string? accept)
    {
        Assert.Equal(new NegotiatedOpenApi(OpenApiFormat.Json, "application/json"), OpenApiNegotiation.ForSwagger(accept));
    }

    [Theory]
    [InlineData("application/json, */*")]
    [InlineData("application/json")]
    [InlineData("application/com.github.proto-openapi.spec.v3@v1.0+protobuf")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json")]
    public void OpenApi3RequestsAlwaysGetJson(string accept)
    {
        Assert.Equal(OpenApiFormat.Json, OpenApiNegotiation.ForOpenApi3(accept).Format);
    }

    [Fact]
    public void SwaggerProtobufIsTheDocumentKubectlAccepted()
    {
        var documents = new Clusternet.ControlPlane.Api.OpenApi.OpenApiDocuments(Clusternet.ControlPlane.Api.Discovery.ResourceCatalog.CreateWithBuiltIns(), _ => null);

        Assert.Equal("0A03322E3012150A0A4B756265726E65746573120776312E33322E30", Convert.ToHexString(documents.SwaggerProtobuf().Content));
    }
}
