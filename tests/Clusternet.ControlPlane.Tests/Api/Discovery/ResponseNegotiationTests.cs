using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Tests.Api.Discovery;

public sealed class ResponseNegotiationTests
{
    private const string Kubectl132Discovery =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private const string Kubectl127Discovery = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    private const string KubectlTable =
        "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    [Fact]
    public void Kubectl132GetsAggregatedV2()
    {
        var answer = ResponseNegotiation.ForDiscovery(Kubectl132Discovery);

        Assert.Equal(DiscoveryFormat.AggregatedV2, answer.Format);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", answer.ContentType);
        Assert.Equal("v2", answer.AggregatedVersion);
    }

    [Fact]
    public void Kubectl127GetsAggregatedV2Beta1()
    {
        var answer = ResponseNegotiation.ForDiscovery(Kubectl127Discovery);

        Assert.Equal(DiscoveryFormat.AggregatedV2Beta1, answer.Format);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", answer.ContentType);
    }

    [Theory]
    [InlineData("application/json, */*")]
    [InlineData("application/json, */*;q=0.8")]
    [InlineData("*/*")]
    [InlineData(null)]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList")]
    public void AnythingElseGetsLegacyJsonNeverNotAcceptable(string? accept)
    {
        Assert.Equal(new NegotiatedDiscovery(DiscoveryFormat.Legacy, "application/json"), ResponseNegotiation.ForDiscovery(accept));
    }

    [Fact]
    public void HigherQualityWinsOverHeaderOrder()
    {
        var answer = ResponseNegotiation.ForDiscovery("application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");

        Assert.Equal(DiscoveryFormat.AggregatedV2, answer.Format);
    }

    [Fact]
    public void KubectlHumanOutputGetsTableV1()
    {
        Assert.Equal(new NegotiatedRepresentation("v1", "application/json;as=Table;v=v1;g=meta.k8s.io"), ResponseNegotiation.ForObjects(KubectlTable));
    }

    [Fact]
    public void TableV1Beta1IsHonoured()
    {
        Assert.Equal("v1beta1", ResponseNegotiation.ForObjects("application/json;as=Table;v=v1beta1;g=meta.k8s.io").TableVersion);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/vnd.kubernetes.protobuf,application/json")]
    [InlineData("application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io")]
    public void OtherObjectRequestsGetPlainJson(string accept)
    {
        Assert.Equal(new NegotiatedRepresentation(null, "application/json"), ResponseNegotiation.ForObjects(accept));
    }
}
