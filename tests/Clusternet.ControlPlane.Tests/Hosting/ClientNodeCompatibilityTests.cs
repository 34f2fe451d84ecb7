using System.Diagnostics;
using System.Text;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Storage;
using Clusternet.Testing;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Hosting;

/// <summary>
/// @kubernetes/client-node 1.4 (tests/clientnode/compat.mjs, run by node) against the admin kubeconfig: typed
/// CoreV1 and custom-object calls, merge and JSON patches, a raw watch, and an informer that re-lists after 410.
/// Skipped where node is not on PATH; installs the pinned packages with <c>npm ci</c> on first use.
/// </summary>
public sealed class ClientNodeCompatibilityTests : IDisposable
{
    /// <summary>Every check compat.mjs prints, in order; a missing line means the script stopped early.</summary>
    private static readonly string[] Checks =
    [
        "create-namespace", "create-configmap", "create-duplicate-409", "list-label-selector", "read-configmap",
        "read-missing-404", "merge-patch-configmap", "json-patch-configmap", "watch-configmaps", "delete-configmap",
        "custom-objects", "watch-expired-410", "informer-relists-after-410", "delete-namespace",
    ];

    private static readonly string ProjectDirectory = Path.Combine(RepositoryPaths.Root, "tests", "clientnode");

    private readonly string directory = Path.Combine(Path.GetTempPath(), "cp-clientnode-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [NodeFact]
    public async Task ClientNodeDrivesTheServerAndItsInformerRecoversFrom410()
    {
        await EnsurePackagesAsync();

        // A short watch history, so the script's 60 writes while its informer is stopped push the informer's
        // resourceVersion out of it and the resumed watch answers 410 Expired.
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions
        {
            DataDirectory = directory,
            Storage = new ObjectStoreOptions { HistoryCapacity = 50 },
        });

        var (code, output) = await ChildProcess.RunAsync(NodeFactAttribute.Find("node")!, ProjectDirectory, TimeSpan.FromSeconds(60), "compat.mjs", plane.KubeconfigPath!);

        Assert.True(code == 0, $"compat.mjs exited {code}:\n{output}");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.All(Checks, check => Assert.True(lines.Contains("ok " + check), $"no \"ok {check}\" line:\n{output}"));
    }

    [NodeFact]
    public async Task ClientNodeAsARestrictedServiceAccountSeesExactlyWhatRbacAllows()
    {
        await EnsurePackagesAsync();
        await using var plane = await Plane.StartAsync(new ControlPlaneOptions());
        Directory.CreateDirectory(directory);
        var kubeconfig = Path.Combine(directory, "restricted.kubeconfig");
        await Security.RestrictedServiceAccount.CreateAsync(plane, "team", kubeconfig);

        var (code, output) = await ChildProcess.RunAsync(NodeFactAttribute.Find("node")!, ProjectDirectory, TimeSpan.FromSeconds(60), "restricted.mjs", kubeconfig, "team", Security.RestrictedServiceAccount.UserName("team"));

        Assert.True(code == 0, $"restricted.mjs exited {code}:\n{output}");
        string[] checks =
        [
            "create-configmap-allowed", "list-configmaps-allowed", "read-configmap-allowed", "delete-configmap-forbidden",
            "list-secrets-forbidden", "list-configmaps-elsewhere-forbidden", "list-namespaces-forbidden",
        ];
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.All(checks, check => Assert.True(lines.Contains("ok " + check), $"no \"ok {check}\" line:\n{output}"));
    }

    /// <summary>
    /// <c>npm ci</c> from the committed lock when node_modules is absent. A failure (no network, registry down) fails the
    /// test with npm's output rather than skipping it: CI reaches the npm registry, so a failure there is real.
    /// </summary>
    private static async Task EnsurePackagesAsync()
    {
        if (Directory.Exists(Path.Combine(ProjectDirectory, "node_modules", "@kubernetes", "client-node")))
        {
            return;
        }

        var npm = NodeFactAttribute.Find("npm") ?? throw new InvalidOperationException("node is on PATH but npm is not");
        var (code, output) = await ChildProcess.RunAsync(npm, ProjectDirectory, TimeSpan.FromMinutes(5), "ci", "--no-audit", "--no-fund");
        Assert.True(code == 0, $"npm ci in {ProjectDirectory} exited {code}:\n{output}");
    }


}

/// <summary>A fact that runs node; skipped with a reason where node is not on PATH.</summary>
internal sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (Find("node") is null)
        {
            Skip = "node is not on PATH: the @kubernetes/client-node compatibility test needs node 20 and npm (CI's image has both)";
        }
    }

    /// <summary>The first executable of that name on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists);
}
