using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using static Clusternet.ControlPlane.Tests.Admission.AdmissionChain;

namespace Clusternet.ControlPlane.Tests.Admission;

public sealed class ServiceAdmissionTests
{
    private static JsonObject Service(string name, string spec = """{"ports":[{"port":80}]}""") =>
        Json($$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{spec}}}}""");

    [Fact]
    public async Task ClusterIPServiceGetsTheDefaultsKubectlShows()
    {
        var chain = await StartAsync();
        var svc = await chain.AdmitAsync(Create("", "services", Service("web", """{"ports":[{"name":"http","port":80}],"selector":{"app":"web"}}""")));
        var spec = svc["spec"]!;
        var ip = spec["clusterIP"]!.GetValue<string>();
        Assert.StartsWith("10.", ip, StringComparison.Ordinal);
        Assert.Equal($$"""["{{ip}}"]""", spec["clusterIPs"]!.ToJsonString());
        Assert.Equal("ClusterIP", spec["type"]!.GetValue<string>());
        Assert.Equal("None", spec["sessionAffinity"]!.GetValue<string>());
        Assert.Equal("""["IPv4"]""", spec["ipFamilies"]!.ToJsonString());
        Assert.Equal("SingleStack", spec["ipFamilyPolicy"]!.GetValue<string>());
        Assert.Equal("Cluster", spec["internalTrafficPolicy"]!.GetValue<string>());
        Assert.Equal("""[{"name":"http","port":80,"protocol":"TCP","targetPort":80}]""", spec["ports"]!.ToJsonString());
    }

    [Fact]
    public async Task AllocatedAddressesAreInTheRangeAndDistinct()
    {
        var chain = await StartAsync();
        var ips = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var stored = await chain.CreateAsync("", "services", Service("s" + i));
            ips.Add(stored["spec"]!["clusterIP"]!.GetValue<string>());
        }

        Assert.Equal(20, ips.Count);
        Assert.All(ips, ip => Assert.InRange(ClusterIPRange.ParseAddress(ip)!.Value, ClusterIPRange.ParseAddress("10.96.0.1")!.Value, ClusterIPRange.ParseAddress("10.111.255.254")!.Value));
    }

    [Fact]
    public async Task AnAddressAdmittedButNotYetStoredIsNotHandedOutTwice()
    {
        var chain = await StartAsync();
        var first = await chain.AdmitAsync(Create("", "services", Service("a", """{"clusterIP":"10.96.0.10","ports":[{"port":53}]}""")));
        Assert.Equal("10.96.0.10", first["spec"]!["clusterIP"]!.GetValue<string>());
        var status = await chain.RefusedAsync(Create("", "services", Service("b", """{"clusterIP":"10.96.0.10","ports":[{"port":53}]}""")));
        Assert.Equal("Service \"b\" is invalid: spec.clusterIPs: Invalid value: [\"10.96.0.10\"]: failed to allocate IP 10.96.0.10: provided IP is already allocated", status.Message);
    }

    [Fact]
    public async Task ARequestedAddressHeldByAStoredServiceIsRefused()
    {
        var chain = await StartAsync();
        var stored = await chain.CreateAsync("", "services", Service("a"));
        var ip = stored["spec"]!["clusterIP"]!.GetValue<string>();
        var status = await chain.RefusedAsync(Create("", "services", Service("b", $$"""{"clusterIP":"{{ip}}","ports":[{"port":80}]}""")));
        Assert.Equal(422, status.Code);
        Assert.Equal("spec.clusterIPs", Assert.Single(status.Details.Causes).Field);
    }

    [Fact]
    public async Task AnAddressOutsideTheRangeIsRefused()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "services", Service("a", """{"clusterIP":"1.2.3.4","ports":[{"port":80}]}""")));
        Assert.Equal(
            "Service \"a\" is invalid: spec.clusterIPs: Invalid value: [\"1.2.3.4\"]: failed to allocate IP 1.2.3.4: the provided IP (1.2.3.4) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
            status.Message);
    }

    [Fact]
    public async Task DryRunReservesNothing()
    {
        var chain = await StartAsync();
        var allocator = chain.Plugins.OfType<ServiceClusterIPAllocation>().Single();
        var dry = await chain.AdmitAsync(Create("", "services", Service("a", """{"clusterIP":"10.96.0.10","ports":[{"port":53}]}"""), dryRun: true));
        Assert.Equal("10.96.0.10", dry["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal(0, allocator.ReservationCount);
        await chain.AdmitAsync(Create("", "services", Service("b", """{"clusterIP":"10.96.0.10","ports":[{"port":53}]}""")));
    }

    [Fact]
    public async Task DryRunStillShowsAnAllocatedAddress()
    {
        var chain = await StartAsync();
        var dry = await chain.AdmitAsync(Create("", "services", Service("a"), dryRun: true));
        Assert.NotNull(dry["spec"]!["clusterIP"]);
        Assert.Equal(0, chain.Plugins.OfType<ServiceClusterIPAllocation>().Single().ReservationCount);
    }

    [Fact]
    public async Task HeadlessServiceKeepsNoneAndNeedsNoPorts()
    {
        var chain = await StartAsync();
        var svc = await chain.AdmitAsync(Create("", "services", Service("h", """{"clusterIP":"None"}""")));
        Assert.Equal("None", svc["spec"]!["clusterIP"]!.GetValue<string>());
        Assert.Equal("""["None"]""", svc["spec"]!["clusterIPs"]!.ToJsonString());
    }

    [Fact]
    public async Task ExternalNameServiceGetsNoClusterIP()
    {
        var chain = await StartAsync();
        var svc = await chain.AdmitAsync(Create("", "services", Service("e", """{"type":"ExternalName","externalName":"example.com"}""")));
        Assert.Null(svc["spec"]!["clusterIP"]);
        Assert.Null(svc["spec"]!["ipFamilies"]);
    }

    [Fact]
    public async Task PortsAreRequiredForAClusterIPService()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "services", Service("a", "{}")));
        Assert.Equal("Service \"a\" is invalid: spec.ports: Required value", status.Message);
    }

    [Fact]
    public async Task SeveralPortsNeedNamesAndValidNumbers()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "services", Service("a", """{"ports":[{"name":"a","port":80},{"port":70000}]}""")));
        Assert.Equal(
            "Service \"a\" is invalid: [spec.ports[1].name: Required value, spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, inclusive]",
            status.Message);
    }

    [Fact]
    public async Task UnknownTypeIsUnsupported()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "services", Service("a", """{"type":"Magic","ports":[{"port":80}]}""")));
        Assert.Equal(
            "Service \"a\" is invalid: spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
            status.Message);
    }

    [Fact]
    public async Task UpdateWithoutClusterIPKeepsTheAllocatedOne()
    {
        var chain = await StartAsync();
        var stored = await chain.CreateAsync("", "services", Service("a"));
        var updated = await chain.AdmitAsync(Update("", "services", Service("a", """{"ports":[{"port":81}]}"""), stored));
        Assert.Equal(stored["spec"]!["clusterIP"]!.ToJsonString(), updated["spec"]!["clusterIP"]!.ToJsonString());
    }

    [Fact]
    public async Task UpdateChangingTheClusterIPIsRefused()
    {
        var chain = await StartAsync();
        var stored = await chain.CreateAsync("", "services", Service("a", """{"clusterIP":"10.96.0.20","ports":[{"port":80}]}"""));
        var status = await chain.RefusedAsync(Update("", "services", Service("a", """{"clusterIP":"10.96.0.21","ports":[{"port":80}]}"""), stored));
        Assert.Equal("Service \"a\" is invalid: spec.clusterIPs[0]: Invalid value: [\"10.96.0.21\"]: may not change once set", status.Message);
    }
}
