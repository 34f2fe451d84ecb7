using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Storage;
using static Clusternet.ControlPlane.Tests.Admission.AdmissionChain;

namespace Clusternet.ControlPlane.Tests.Admission;

public sealed class ChainOrderTests
{
    [Fact]
    public void MutatingPluginsRunBeforeValidatingOnesAndTheAllocatorLast()
    {
        var plugins = BuiltInAdmission.Create(new InMemoryObjectStore());
        Assert.Equal(
            [
                typeof(NamespaceDefaulting), typeof(SecretDefaulting), typeof(ServiceDefaulting), typeof(WorkloadDefaulting),
                typeof(ObjectMetaValidation), typeof(NamespaceLifecycle), typeof(ServiceValidation), typeof(WorkloadValidation),
                typeof(ServiceClusterIPAllocation),
            ],
            plugins.Select(p => p.GetType()));
    }

    [Fact]
    public async Task AnInvalidNameIsReportedBeforeAMissingNamespace()
    {
        var chain = await StartAsync("other");
        var status = await chain.RefusedAsync(Create("", "configmaps", Json("""{"metadata":{"name":"Bad"}}""")));
        Assert.Equal(422, status.Code);
    }

    [Fact]
    public async Task AServiceRefusedByValidationReservesNoAddress()
    {
        var chain = await StartAsync();
        await chain.RefusedAsync(Create("", "services", Json("""{"metadata":{"name":"Bad"},"spec":{"clusterIP":"10.96.0.10","ports":[{"port":80}]}}""")));
        Assert.Equal(0, chain.Plugins.OfType<ServiceClusterIPAllocation>().Single().ReservationCount);
    }

    [Fact]
    public async Task DeletesPassUntouched()
    {
        var chain = await StartAsync("other");
        var obj = Json("""{"metadata":{"name":"Bad"}}""");
        var served = Resource("", "configmaps");
        await chain.AdmitAsync(new AdmissionRequest(served, null, AdmissionOperation.Delete, "ns", obj, obj, false));
        Assert.Equal("""{"metadata":{"name":"Bad"}}""", obj.ToJsonString());
    }

    [Fact]
    public void AMalformedRangeIsRefusedAtCreation() =>
        Assert.Throws<ArgumentException>(() => BuiltInAdmission.Create(new InMemoryObjectStore(), new BuiltInAdmissionOptions { ServiceClusterIPRange = "10.96.0.0" }));
}
