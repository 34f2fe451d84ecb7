using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Clusternet.Testing;

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>
/// Runs node scripts of this test project with @kubernetes/client-node installed from tests/clientnode's committed
/// package-lock.json into a folder of the test output. The ControlPlane tests install into tests/clientnode itself; a
/// folder of our own keeps the two test projects, which <c>dotnet test</c> runs side by side, from running
/// <c>npm ci</c> in the same folder at once.
/// </summary>
internal static class HubNode
{
    private static readonly string PackageDirectory = Path.Combine(RepositoryPaths.Root, "tests", "clientnode");
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>Where the packages and the copied scripts live.</summary>
    public static string WorkingDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "clientnode-hub");

    /// <summary>The first executable of that name on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// Copies <paramref name="script"/> and tests/clientnode/checks.mjs (the check harness it imports) into
    /// <see cref="WorkingDirectory"/> and runs it with node. <c>npm ci</c> runs first
    /// when the installed lock differs from the committed one; its failure (no registry) fails the test rather than
    /// skipping it, as CI reaches the npm registry.
    /// </summary>
    public static async Task<(int Code, string Output)> RunScriptAsync(string script, TimeSpan limit, params string[] arguments)
    {
        await EnsurePackagesAsync();
        var copy = Path.Combine(WorkingDirectory, Path.GetFileName(script));
        File.Copy(script, copy, overwrite: true);
        File.Copy(Path.Combine(PackageDirectory, "checks.mjs"), Path.Combine(WorkingDirectory, "checks.mjs"), overwrite: true);
        return await ChildProcess.RunAsync(Find("node")!, WorkingDirectory, limit, [copy, .. arguments]);
    }

    private static async Task EnsurePackagesAsync()
    {
        await InstallLock.WaitAsync();
        try
        {
            var lockFile = await File.ReadAllBytesAsync(Path.Combine(PackageDirectory, "package-lock.json"));
            var wanted = Convert.ToHexString(SHA256.HashData(lockFile));
            var marker = Path.Combine(WorkingDirectory, ".installed");
            if (File.Exists(marker) && await File.ReadAllTextAsync(marker) == wanted)
            {
                return;
            }

            Directory.CreateDirectory(WorkingDirectory);
            File.Copy(Path.Combine(PackageDirectory, "package.json"), Path.Combine(WorkingDirectory, "package.json"), overwrite: true);
            File.Copy(Path.Combine(PackageDirectory, "package-lock.json"), Path.Combine(WorkingDirectory, "package-lock.json"), overwrite: true);
            var npm = Find("npm") ?? throw new InvalidOperationException("node is on PATH but npm is not");
            var (code, output) = await ChildProcess.RunAsync(npm, WorkingDirectory, TimeSpan.FromMinutes(5), ["ci", "--no-audit", "--no-fund"]);
            Assert.True(code == 0, $"npm ci in {WorkingDirectory} exited {code}:\n{output}");
            await File.WriteAllTextAsync(marker, wanted);
        }
        finally
        {
            InstallLock.Release();
        }
    }


}

/// <summary>A fact that runs node; skipped with a reason where node is not on PATH (CI's image has node 20 and npm).</summary>
internal sealed class HubNodeFactAttribute : FactAttribute
{
    public HubNodeFactAttribute()
    {
        if (HubNode.Find("node") is null)
        {
            Skip = "node is not on PATH: the @kubernetes/client-node test through the hub needs node 20 and npm (CI's image has both)";
        }
    }
}
