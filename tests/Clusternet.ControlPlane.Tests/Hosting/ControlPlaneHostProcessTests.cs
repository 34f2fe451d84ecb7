using System.Diagnostics;
using Clusternet.Testing;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Hosting;

/// <summary>
/// samples/ControlPlane as a user runs it: a separate process that writes its kubeconfig, says READY,
/// stops cleanly on SIGTERM, and resumes its state when started again on the same data directory.
/// </summary>
public sealed class ControlPlaneHostProcessTests : IDisposable
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("clusternet-host-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    [Fact]
    public async Task TheHostServesStopsOnSigtermAndResumesItsState()
    {
        using (var first = await HostProcess.StartAsync(_dataDir))
        {
            using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(_dataDir, "admin.kubeconfig")));
            await kubernetes.CoreV1.CreateNamespacedConfigMapAsync(
                new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "kept" }, Data = new Dictionary<string, string> { ["a"] = "b" } }, "default");

            Assert.Equal(0, await first.TerminateAsync());
            Assert.Contains("stopped", first.Output);
        }

        using var second = await HostProcess.StartAsync(_dataDir);
        using var again = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(_dataDir, "admin.kubeconfig")));
        var kept = await again.CoreV1.ReadNamespacedConfigMapAsync("kept", "default");
        Assert.Equal("b", kept.Data["a"]);
        Assert.Equal(0, await second.TerminateAsync());
    }

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesAKillDuringConcurrentWrites()
    {
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        long highestAcknowledged = 0;
        using (var host = await HostProcess.StartAsync(_dataDir))
        {
            using var kubernetes = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(_dataDir, "admin.kubeconfig")));
            using var writing = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 16).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !writing.IsCancellationRequested; i++)
                {
                    try
                    {
                        var created = await kubernetes.CoreV1.CreateNamespacedConfigMapAsync(
                            new V1ConfigMap { Metadata = new V1ObjectMeta { Name = $"w{w}-{i}" } }, "default");
                        acknowledged.Add(created.Metadata.Name);
                        var rv = long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
                        long seen;
                        while ((seen = Interlocked.Read(ref highestAcknowledged)) < rv && Interlocked.CompareExchange(ref highestAcknowledged, rv, seen) != seen)
                        {
                        }
                    }
                    catch (Exception) when (writing.IsCancellationRequested)
                    {
                        return; // the process was killed under this request: it was never acknowledged
                    }
                }
            })).ToArray();

            while (acknowledged.Count < 300)
            {
                await Task.Delay(10);
            }

            // Writers stop starting new requests; those in flight die with the process (SIGKILL: no clean
            // shutdown, as a crash or an OOM kill) and were never acknowledged.
            await writing.CancelAsync();
            host.Kill();
            await Task.WhenAll(writers);
        }

        using var restarted = await HostProcess.StartAsync(_dataDir);
        using var again = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(_dataDir, "admin.kubeconfig")));
        var stored = (await again.CoreV1.ListNamespacedConfigMapAsync("default")).Items.Select(c => c.Metadata.Name).ToHashSet();
        var lost = acknowledged.Where(name => !stored.Contains(name)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged creates were lost: {string.Join(", ", lost.Take(10))}");

        var next = await again.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "after-restart" } }, "default");
        Assert.True(long.Parse(next.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > Interlocked.Read(ref highestAcknowledged));
        Assert.Equal(0, await restarted.TerminateAsync());
    }

    [Fact]
    public async Task TheHostRefusesToStartWithoutADataDirectory()
    {
        using var process = Process.Start(HostProcess.StartInfo())!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--data-dir DIR", error);
    }

    private sealed class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();

        private HostProcess(Process process) => _process = process;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static ProcessStartInfo StartInfo(params string[] args)
        {
            // Built beside this test assembly's configuration and framework (bin/<config>/<tfm>).
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var dll = Path.Combine(RepositoryPaths.Root, "samples", "ControlPlane", "bin", tfm.Parent!.Name, tfm.Name, "clusternet-controlplane.dll");
            Assert.True(File.Exists(dll), $"host not built: {dll}");
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            return start;
        }

        public static async Task<HostProcess> StartAsync(string dataDir)
        {
            var host = new HostProcess(Process.Start(StartInfo("--data-dir", dataDir))!);
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            host._process.OutputDataReceived += (_, e) =>
            {
                lock (host._output)
                {
                    host._output.AppendLine(e.Data);
                }

                if (e.Data == "READY")
                {
                    ready.TrySetResult();
                }
            };
            host._process.BeginOutputReadLine();
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return host;
        }

        public bool HasExited => _process.HasExited;

        /// <summary>Kills the process outright (SIGKILL) and waits for it to be gone.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        /// <summary>Sends SIGTERM, as a service manager does, and waits for the exit code.</summary>
        public async Task<int> TerminateAsync()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return _process.ExitCode;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
