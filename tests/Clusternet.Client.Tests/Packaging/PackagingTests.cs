using System.IO.Compression;
using System.Xml.Linq;
using Clusternet.Apis.Apps.V1Alpha1;
using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s.Models;

namespace Clusternet.Client.Tests.Packaging;

/// <summary>
/// The package as a user meets it: <c>dotnet pack</c>, then a fresh console project that installs
/// Clusternet.Client from that folder with <c>dotnet add package</c>, builds, and calls a real HTTP server.
/// Everything runs offline: the only sources are the feed folder and the user's global packages folder.
/// </summary>
public sealed class PackagingTests(PackedClient packed) : IClassFixture<PackedClient>
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public void PackageCarriesAssemblyDocsReadmeIconAndDependencies()
    {
        AssertSucceeded(packed.PackResult);
        Assert.True(File.Exists(packed.Package), $"no {packed.Package}\n{packed.PackResult}");
        Assert.True(File.Exists(packed.SymbolPackage), $"no {packed.SymbolPackage}\n{packed.PackResult}");

        using var zip = ZipFile.OpenRead(packed.Package);
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        var listing = string.Join('\n', entries.Order(StringComparer.Ordinal));
        foreach (var expected in new[] { "lib/net10.0/Clusternet.Client.dll", "lib/net10.0/Clusternet.Client.xml", "PACKAGE.md", "icon.png" })
        {
            Assert.True(entries.Contains(expected), $"{expected} missing from the package:\n{listing}");
        }

        var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var nuspecStream = nuspecEntry.Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(packed.Version, Value("version"));
        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "Apache-2.0"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("PACKAGE.md", Value("readme"));
        Assert.Equal("icon.png", Value("icon"));
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string?)e.Attribute("id")).ToList();
        Assert.Contains("KubernetesClient", dependencies);
    }

    [Fact]
    public async Task FreshConsoleAppInstallsPackageBuildsAndCallsServer()
    {
        AssertSucceeded(packed.PackResult);
        var subscriptions = ResourceDescriptor.For<Subscription>();
        await using var server = await TestApiServer.StartAsync(subscriptions);
        server.Put(subscriptions, new Subscription
        {
            Metadata = new V1ObjectMeta { Name = "shop-web", NamespaceProperty = "retail" },
            Spec = new SubscriptionSpec
            {
                Subscribers = [new Subscriber { ClusterAffinity = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["env"] = "prod" } } }],
                Feeds =
                [
                    new Feed { ApiVersion = "apps/v1", Kind = "Deployment", Namespace = "retail", Name = "shop-web" },
                    new Feed { ApiVersion = "v1", Kind = "Service", Namespace = "retail", Name = "shop-web" },
                ],
            },
        });

        var app = Directory.CreateDirectory(Path.Combine(packed.Root, "app")).FullName;
        WriteConsoleProject(app);

        var steps = new List<DotnetCli.Result>();
        async Task<DotnetCli.Result> StepAsync(params string[] arguments)
        {
            var result = await packed.Cli.RunAsync(app, StepTimeout, arguments);
            steps.Add(result);
            Assert.True(result.ExitCode == 0, "a step failed:\n" + string.Join("\n", steps));
            return result;
        }

        await StepAsync("add", "package", "Clusternet.Client", "--version", packed.Version);
        var build = await StepAsync("build");
        Assert.True(build.Output.Contains(" 0 Warning(s)", StringComparison.Ordinal), "the package gave the user's build warnings:\n" + build);
        var run = await StepAsync("run", "--no-build", "--", server.BaseUri.ToString());

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(
            lines.SequenceEqual(["subscriptions: 1 first: shop-web feeds: 2", "not found: NotFound"]),
            "unexpected output:\n" + string.Join("\n", steps));
    }

    private static void AssertSucceeded(DotnetCli.Result result) =>
        Assert.True(result.ExitCode == 0, "dotnet pack failed:\n" + result);

    /// <summary>What <c>dotnet new console</c> writes, the program a user would write, and a nuget.config that keeps restore offline.</summary>
    private void WriteConsoleProject(string app)
    {
        // Stop MSBuild's upward search for these files at the scratch directory, whatever the temp path holds.
        File.WriteAllText(Path.Combine(packed.Root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(packed.Root, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(packed.Root, "Directory.Packages.props"), "<Project />\n");

        File.WriteAllText(Path.Combine(app, "app.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Clusternet.Clients;
            using k8s;

            var kubernetes = new Kubernetes(new KubernetesClientConfiguration { Host = args[0] });
            var clusternet = new ClusternetClient(kubernetes);
            var list = await clusternet.AppsV1Alpha1.Subscriptions("retail").ListAsync();
            Console.WriteLine($"subscriptions: {list.Items.Count} first: {list.Items[0].Metadata.Name} feeds: {list.Items[0].Spec.Feeds?.Count ?? 0}");
            try
            {
                await clusternet.AppsV1Alpha1.Subscriptions("retail").GetAsync("missing");
                Console.WriteLine("found: missing");
            }
            catch (NotFoundException e)
            {
                Console.WriteLine($"not found: {e.Reason}");
            }

            """);

        // <clear/> drops the machine's configured registries. A global packages folder is itself a valid
        // local feed, and it already holds KubernetesClient and every other dependency.
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local-feed" value="{packed.Feed}" />
                <add key="global-packages" value="{PackedClient.UserPackagesFolder}" />
              </packageSources>
            </configuration>
            """);
    }
}
