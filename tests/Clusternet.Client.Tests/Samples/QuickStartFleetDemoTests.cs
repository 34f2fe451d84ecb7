using Clusternet.Apis;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using Clusternet.Samples.QuickStart;
using Clusternet.Testing;
using k8s;

namespace Clusternet.Client.Tests.Samples;

/// <summary>The QuickStart's step 4 (typed clients against a server) run against the Kestrel test API server.</summary>
public sealed class QuickStartFleetDemoTests
{
    [Fact]
    public async Task TheQuickStartCreatesListsPatchesWatchesAndDeletesItsObjects()
    {
        await using var server = await TestApiServer.StartAsync(
            ResourceDescriptor.For<Subscription>(), ResourceDescriptor.For<Localization>(),
            ResourceDescriptor.For<Globalization>(), ResourceDescriptor.For<HelmChart>());
        using var kubernetes = server.CreateKubernetes();
        var objects = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "samples", "QuickStart", "manifests"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), new Dictionary<string, Type>(ClusternetKinds.YamlTypeMap)))
            .ToArray();
        using var output = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var exit = await FleetDemo.DriveAsync(kubernetes, objects, installCrds: false, output, timeout.Token);

        var text = output.ToString();
        Assert.Equal(0, exit);
        Assert.Contains("created  Subscription retail/shop-web", text);
        Assert.Contains("created  Localization clusternet-north/shop-web-north-banner", text);
        Assert.Contains("created  Globalization shop-web-edge-resources", text);
        Assert.Contains("created  HelmChart retail/shop-cache", text);
        Assert.Contains("dry-run  Subscription retail/shop-broken", text);
        Assert.Contains("listed   1 Subscription(s) in retail: shop-web", text);
        Assert.Contains("labels shop.example.com/stage=canary", text);
        Assert.Contains("NotFoundException (NotFound)", text);
        Assert.Contains("deleted  Subscription retail/shop-web", text);
        Assert.Matches(@"Added shop-web[^\n]*\n\s+Modified shop-web[^\n]*\n\s+Deleted shop-web", text.ReplaceLineEndings("\n"));
    }
}
