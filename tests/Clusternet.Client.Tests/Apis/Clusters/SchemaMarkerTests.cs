using System.Reflection;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Apis.Schema;

namespace Clusternet.Client.Tests.Apis.Clusters;

public class SchemaMarkerTests
{
    [Fact]
    public void SyncModeEnumListsTheCrdValuesInOrder()
    {
        var marker = typeof(ManagedClusterSpec).GetProperty(nameof(ManagedClusterSpec.SyncMode))!.GetCustomAttribute<EnumAttribute>()!;

        Assert.Equal(["Push", "Pull", "Dual"], marker.Values);
    }

    [Fact]
    public void ManagedClusterPrinterColumnsHaveDistinctConsecutiveOrders()
    {
        var orders = typeof(ManagedCluster).GetCustomAttributes<PrinterColumnAttribute>().Select(c => c.Order).Order();

        Assert.Equal(Enumerable.Range(0, 7), orders);
    }
}
