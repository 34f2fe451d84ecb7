using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Hosting;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>
/// One control plane per reported minor version, started on first use and shared by a test class: the dispatcher on PATH
/// picks the kubectl binary from <c>/version</c>, so a plane reporting 1.27 is driven by kubectl 1.27.
/// </summary>
public class KubectlPlanes : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "cp-kubectl-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, Task<KubectlTarget>> planes = [];
    private readonly Lock gate = new();

    /// <summary>The plane reporting <c>1.&lt;minor&gt;</c>, started if it is not yet.</summary>
    public Task<KubectlTarget> ForMinorAsync(string minor)
    {
        lock (gate)
        {
            if (!planes.TryGetValue(minor, out var plane))
            {
                plane = StartAsync(minor);
                planes[minor] = plane;
            }

            return plane;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var plane in planes.Values)
        {
            if (plane.IsCompletedSuccessfully)
            {
                await plane.Result.Plane.DisposeAsync();
            }
        }

        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The options of the plane reporting <paramref name="version"/>, kept in <paramref name="directory"/>.</summary>
    protected virtual ControlPlaneOptions CreateOptions(string directory, ServerVersion version) =>
        new() { DataDirectory = directory, Version = version };

    private async Task<KubectlTarget> StartAsync(string minor)
    {
        var directory = Path.Combine(root, minor);
        var version = new ServerVersion { Minor = minor, GitVersion = $"v1.{minor}.0" };
        var plane = await Plane.StartAsync(CreateOptions(directory, version));
        var target = new KubectlTarget(plane, minor, directory);
        await target.AssertDispatchedAsync();
        return target;
    }
}

/// <summary>A running plane and the kubectl arguments (kubeconfig, cache) that reach it.</summary>
public sealed class KubectlTarget(Plane plane, string minor, string directory)
{
    public Plane Plane { get; } = plane;

    public string Minor { get; } = minor;

    public string Directory { get; } = directory;

    private string[] Common => ["--kubeconfig", Plane.KubeconfigPath!, "--cache-dir", Path.Combine(Directory, "cache")];

    public Task<(int Code, string Output)> RunAsync(params string[] arguments) => KubectlProcess.RunAsync([.. Common, .. arguments]);

    public BackgroundKubectl Start(params string[] arguments) => KubectlProcess.Start([.. Common, .. arguments]);

    /// <summary>
    /// Fails unless the dispatcher ran the kubectl whose minor matches the server's: otherwise a 1.27 case would
    /// silently exercise 1.32.
    /// </summary>
    public async Task AssertDispatchedAsync()
    {
        var output = await SucceedAsync("version", "-o", "json");
        using var document = System.Text.Json.JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        // The built-in client reports minor "32+" (a vendor build); its gitVersion is the dependable part.
        Assert.StartsWith($"v1.{Minor}.", document.RootElement.GetProperty("clientVersion").GetProperty("gitVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal(Minor, document.RootElement.GetProperty("serverVersion").GetProperty("minor").GetString());
    }

    /// <summary>Runs kubectl and fails the test, showing its output, unless it exits 0.</summary>
    public async Task<string> SucceedAsync(params string[] arguments)
    {
        var (code, output) = await RunAsync(arguments);
        Assert.True(code == 0, $"kubectl {string.Join(' ', arguments)} (1.{Minor}) exited {code}:\n{output}");
        return output;
    }

    /// <summary>Writes a manifest into this plane's directory and returns its path.</summary>
    public async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(Directory, Guid.NewGuid().ToString("N")[..8] + "-" + name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>Creates a fresh namespace so tests sharing the plane do not see each other's objects.</summary>
    public async Task<string> NamespaceAsync(string prefix)
    {
        var name = prefix + "-" + Guid.NewGuid().ToString("N")[..6];
        await SucceedAsync("create", "namespace", name);
        return name;
    }
}
