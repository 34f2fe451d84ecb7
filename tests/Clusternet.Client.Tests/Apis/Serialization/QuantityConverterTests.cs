using Clusternet.Apis.Clusters.V1Beta1;
using k8s;

namespace Clusternet.Client.Tests.Apis.Serialization;

public sealed class QuantityConverterTests
{
    [Fact]
    public void QuantitiesAreReadFromStringsAndNumbersAndWrittenCanonically()
    {
        var status = KubernetesJson.Deserialize<ManagedClusterStatus>(
            """{"allocatable":{"cpu":"1.5","memory":"2Gi","pods":110},"capacity":{"cpu":2},"resourceUsage":{"cpuUsage":"500m","memoryUsage":1024}}""");

        Assert.Equal("1500m", status.Allocatable!["cpu"].ToString());
        Assert.Equal("2Gi", status.Allocatable["memory"].ToString());
        Assert.Equal("110", status.Allocatable["pods"].ToString());
        Assert.Equal("2", status.Capacity!["cpu"].ToString());
        Assert.Equal("500m", status.ResourceUsage!.CpuUsage!.ToString());
        Assert.Equal("1024", status.ResourceUsage.MemoryUsage!.ToString());
        Assert.Contains("\"allocatable\":{\"cpu\":\"1500m\",\"memory\":\"2Gi\",\"pods\":\"110\"}", KubernetesJson.Serialize(status));
    }

    [Fact]
    public void TheSameQuantityTextIsParsedOnceAndShared()
    {
        var a = KubernetesJson.Deserialize<ManagedClusterStatus>("""{"allocatable":{"cpu":"7300m"}}""");
        var b = KubernetesJson.Deserialize<ManagedClusterStatus>("""{"capacity":{"cpu":"7300m"}}""");

        Assert.Same(a.Allocatable!["cpu"], b.Capacity!["cpu"]);
    }

    [Fact]
    public void NullsAndMalformedValuesAreHandledAsKubernetesClientDoes()
    {
        var status = KubernetesJson.Deserialize<ManagedClusterStatus>("""{"allocatable":null,"resourceUsage":{"cpuUsage":null}}""");
        Assert.Null(status.Allocatable);
        Assert.Null(status.ResourceUsage!.CpuUsage);

        Assert.ThrowsAny<Exception>(() => KubernetesJson.Deserialize<ManagedClusterStatus>("""{"allocatable":{"cpu":"lots"}}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => KubernetesJson.Deserialize<ManagedClusterStatus>("""{"allocatable":[1]}"""));
    }
}
