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
