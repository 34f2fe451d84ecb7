using System.Globalization;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>Optimistic concurrency over HTTP: many clients updating one object lose no update.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task HundredConcurrentReadModifyWriteLoopsLoseNoUpdate()
    {
        await using var plane = await Plane.StartAsync(new Clusternet.ControlPlane.Hosting.ControlPlaneOptions());
        using var kubernetes = new Kubernetes(plane.CreateAdminConfiguration());
        await kubernetes.CoreV1.CreateNamespacedConfigMapAsync(
            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "counter" }, Data = new Dictionary<string, string> { ["n"] = "0" } }, "default");
        var conflicts = 0;

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var current = await kubernetes.CoreV1.ReadNamespacedConfigMapAsync("counter", "default");
                current.Data["n"] = (int.Parse(current.Data["n"], CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                try
                {
                    await kubernetes.CoreV1.ReplaceNamespacedConfigMapAsync(current, "counter", "default");
                    return;
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        })));

        var final = await kubernetes.CoreV1.ReadNamespacedConfigMapAsync("counter", "default");
        Assert.Equal("100", final.Data["n"]);
        Assert.True(conflicts > 0, "100 concurrent writers never conflicted: the test did not exercise optimistic concurrency");
    }
}
