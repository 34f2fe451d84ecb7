using System.Globalization;
using Clusternet.Testing;

namespace Clusternet.Client.Tests.Packaging;

/// <summary>
/// Packs Clusternet.Client once, with a version no real release has, into a feed folder inside a scratch
/// directory under the system temp path — outside the repository, so its Directory.Build.props,
/// Directory.Packages.props and global.json do not reach the projects made there. The directory is
/// deleted afterwards.
/// </summary>
public sealed class PackedClient : IAsyncLifetime
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>The scratch directory that holds the feed and the consuming project.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("clusternet-packaging-").FullName;

    /// <summary>The folder <c>dotnet pack</c> wrote to: a local NuGet feed.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>A prerelease version unique to this run, so no cache can hold an older package of that version.</summary>
    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>The packed <c>.nupkg</c>.</summary>
    public string Package => Path.Combine(Feed, $"Clusternet.Client.{Version}.nupkg");

    /// <summary>The packed symbols package.</summary>
    public string SymbolPackage => Path.Combine(Feed, $"Clusternet.Client.{Version}.snupkg");

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public DotnetCli.Result PackResult { get; private set; } = null!;

    /// <summary>
    /// The environment of every child: no build servers left running, no telemetry banner, and a NuGet
    /// cache of its own so the test package never lands in the user's global packages folder.
    /// </summary>
    public DotnetCli Cli { get; private set; } = null!;

    /// <summary>The user's global packages folder: it already holds every dependency, restored for this test project.</summary>
    public static string UserPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Cli = new DotnetCli(new Dictionary<string, string?>
        {
            ["MSBUILDDISABLENODEREUSE"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1",
            ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
        });

        // --no-build packs the assembly this test project's build already produced for the same
        // configuration: fast, and no second build of the project races the first.
        var project = Path.Combine(RepositoryPaths.Root, "src", "Clusternet.Client", "Clusternet.Client.csproj");
        PackResult = await Cli.RunAsync(
            RepositoryPaths.Root,
            TimeSpan.FromSeconds(60),
            "pack", project, "-c", Configuration, "--no-build", "-o", Feed, "-p:Version=" + Version);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A child killed on timeout may still hold a file for a moment; the temp folder is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return Task.CompletedTask;
    }
}
