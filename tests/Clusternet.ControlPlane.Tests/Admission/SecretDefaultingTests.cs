using static Clusternet.ControlPlane.Tests.Admission.AdmissionChain;

namespace Clusternet.ControlPlane.Tests.Admission;

public sealed class SecretDefaultingTests
{
    [Fact]
    public async Task StringDataIsEncodedIntoDataAndRemoved()
    {
        var chain = await StartAsync();
        var secret = await chain.AdmitAsync(Create("", "secrets", Json("""{"metadata":{"name":"s"},"data":{"a":"b2xk","keep":"eA=="},"stringData":{"a":"new","b":"héllo"}}""")));
        Assert.Equal("""{"a":"bmV3","keep":"eA==","b":"aMOpbGxv"}""", secret["data"]!.ToJsonString());
        Assert.Null(secret["stringData"]);
    }

    [Fact]
    public async Task TypeDefaultsToOpaque()
    {
        var chain = await StartAsync();
        var secret = await chain.AdmitAsync(Create("", "secrets", Json("""{"metadata":{"name":"s"}}""")));
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AGivenTypeIsKept()
    {
        var chain = await StartAsync();
        var secret = await chain.AdmitAsync(Create("", "secrets", Json("""{"metadata":{"name":"s"},"type":"kubernetes.io/tls"}""")));
        Assert.Equal("kubernetes.io/tls", secret["type"]!.GetValue<string>());
    }
}
