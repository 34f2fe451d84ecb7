using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Hosting;

/// <summary>Starting, stopping, side-by-side instances, the admin kubeconfig and durable restarts.</summary>
public sealed class ControlPlaneHostingTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cp-hosting-" + Guid.NewGuid().ToString("N"));
    private int port;

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task StartedServerAnswersOnLoopbackAndStopsCleanly()
    {
        var plane = await Plane.StartAsync(new ControlPlaneOptions());
        Assert.Equal("127.0.0.1", plane.BaseAddress.Host);
        using (var http = new HttpClient(plane.CreateTrustingHandler()) { BaseAddress = plane.BaseAddress })
        {
            Assert.Equal("ok", await http.GetStringAsync("readyz"));
        }

        await plane.StopAsync();
        await plane.DisposeAsync();
    }

    [Fact]
    public async Task FailedStartReleasesItsPortAndDataDirectory()
    {
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }

        // The node name is not a DNS subdomain, so registering it fails after the server is already listening.
        var broken = new ControlPlaneOptions
        {
            DataDirectory = directory,
            Port = port,
            Simulation = new SimulationOptions { Nodes = [new SimulatedNode("Not_A_Node")] },
        };
        await Assert.ThrowsAnyAsync<Exception>(() => Plane.StartAsync(broken));

        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory, Port = port });
        Assert.Equal(port, plane.BaseAddress.Port);
    }

    [Fact]
    public async Task TwoInstancesKeepTheirObjectsApart()
    {
        await using var first = await Plane.StartAsync(new ControlPlaneOptions());
        await using var second = await Plane.StartAsync(new ControlPlaneOptions());
        Assert.NotEqual(first.BaseAddress, second.BaseAddress);
        using var a = new Kubernetes(first.CreateAdminConfiguration());
        using var b = new Kubernetes(second.CreateAdminConfiguration());
        await a.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "only-in-first" } }, "default");
        Assert.Single((await a.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
        Assert.Empty((await b.CoreV1.ListNamespacedConfigMapAsync("default")).Items);
    }

    [Fact]
    public async Task AdminKubeconfigIsAcceptedByKubernetesClient()
    {
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });
        Assert.True(File.Exists(plane.KubeconfigPath));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(plane.KubeconfigPath));
        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
    }

    [Fact]
    public async Task RestartOnTheSameDataDirectoryKeepsObjects()
    {
        await using (var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory }))
        {
            using var client = new Kubernetes(plane.CreateAdminConfiguration());
            await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "durable" } }, "default");
        }

        await using (var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory }))
        {
            using var client = new Kubernetes(plane.CreateAdminConfiguration());
            var read = await client.CoreV1.ReadNamespacedConfigMapAsync("durable", "default");
            Assert.Equal("durable", read.Metadata.Name);
        }
    }

    [Fact]
    public async Task HostedServiceStartsAndStopsTheServer()
    {
        await using var service = new ControlPlaneHostedService(new ControlPlaneOptions());
        await service.StartAsync(CancellationToken.None);
        var address = service.ControlPlane!.BaseAddress;
        using (var http = new HttpClient(service.ControlPlane!.CreateTrustingHandler()) { BaseAddress = address })
        {
            Assert.Equal("ok", await http.GetStringAsync("livez"));
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Null(service.ControlPlane);
    }
}
