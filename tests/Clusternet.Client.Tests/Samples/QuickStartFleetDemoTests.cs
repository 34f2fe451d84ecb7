using Clusternet.Apis;
using Clusternet.ControlPlane.Hosting;
using Clusternet.Samples.QuickStart;
using Clusternet.Testing;
using k8s;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.Client.Tests.Samples;

/// <summary>The QuickStart's parent-cluster step: the typed clients against the embedded control plane.</summary>
public sealed class QuickStartFleetDemoTests
{
    [Fact]
    public async Task TheQuickStartInstallsTheCrdsAndDrivesItsObjectsThroughTheEmbeddedControlPlane()
    {
        await using var parent = await Plane.StartAsync(new ControlPlaneOptions());
        using var kubernetes = new Kubernetes(parent.CreateAdminConfiguration());
        var objects = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "QuickStart", "manifests"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), new Dictionary<string, Type>(ClusternetKinds.YamlTypeMap)))
            .ToArray();
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var exit = await FleetDemo.DriveAsync(kubernetes, objects, installCrds: true, output, timeout.Token);

        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Equal(0, exit);
        Assert.Contains("installed CRD subscriptions.apps.clusternet.io", text);
        Assert.Contains("dry-run  Subscription retail/shop-broken: refused with 422 Invalid", text);
        Assert.Contains("- spec.schedulingStrategy: FieldValueNotSupported", text);
        Assert.Contains("- spec.subscribers[0].weight: FieldValueInvalid", text);
        Assert.Contains("- spec.feeds: FieldValueRequired", text);
        Assert.Contains("created  Subscription retail/shop-web", text);
        Assert.Contains("created  Localization clusternet-north/shop-web-north-banner", text);
        Assert.Contains("created  Globalization shop-web-edge-resources", text);
        Assert.Contains("created  HelmChart retail/shop-cache", text);
        Assert.Contains("server defaults schedulerName=default, preemptionPolicy=PreemptLowerPriority", text);
        Assert.Contains("Localization clusternet-north/shop-web-north-banner: priority 0", text);
        Assert.Contains("listed   1 Subscription(s) in retail: shop-web", text);
        Assert.Contains("labels shop.example.com/stage=canary", text);
        Assert.Contains("NotFoundException (NotFound)", text);
        Assert.Contains("deleted  Subscription retail/shop-web", text);
        Assert.Matches(@"Added shop-web[^\n]*\n\s+Modified shop-web[^\n]*\n\s+Deleted shop-web", text);
    }
}
