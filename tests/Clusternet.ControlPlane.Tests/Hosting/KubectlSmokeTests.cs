using System.Diagnostics;
using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Tests.Hosting.Kubectl;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.ControlPlane.Tests.Hosting;

/// <summary>
/// kubectl (the dispatcher on PATH picks the binary from /version: 1.32 for the default server version) against the
/// admin kubeconfig: declarative and imperative commands, server-side apply, scale, discovery and OpenAPI. Skipped,
/// with the reason, where kubectl is absent.
/// </summary>
public sealed class KubectlSmokeTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "cp-kubectl-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [KubectlFact]
    public async Task KubectlCreatesAndListsAConfigMap()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });
        var manifest = Path.Combine(directory, "cm.yaml");
        await File.WriteAllTextAsync(manifest, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubectl\ndata:\n  a: \"1\"\n");
        var cache = Path.Combine(directory, "cache");

        var (createCode, createOutput) = await RunAsync(kubectl, "--kubeconfig", plane.KubeconfigPath!, "--cache-dir", cache, "create", "-f", manifest, "--validate=false");
        Assert.True(createCode == 0, createOutput);
        Assert.Contains("configmap/from-kubectl created", createOutput, StringComparison.Ordinal);

        var (getCode, getOutput) = await RunAsync(kubectl, "--kubeconfig", plane.KubeconfigPath!, "--cache-dir", cache, "get", "configmaps", "-A");
        Assert.True(getCode == 0, getOutput);
        Assert.Matches(@"default\s+from-kubectl\s+1\s+", getOutput);
    }

    [KubectlFact]
    public async Task KubectlReportsTheServerVersionItDispatchesFor()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (code, output) = await KubectlAsync(kubectl, plane, "version");
        Assert.True(code == 0, output);
        Assert.Contains("Client Version: v1.32.", output, StringComparison.Ordinal);
        Assert.Contains("Server Version: v1.32.0", output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ClientSideApplyCreatesThenConfiguresAConfigMapAndADeployment()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var manifest = await WriteAsync("app.yaml", ConfigMapYaml("1") + "---\n" + DeploymentYaml(2));
        var (firstCode, first) = await KubectlAsync(kubectl, plane, "apply", "-f", manifest);
        Assert.True(firstCode == 0, first);
        Assert.Contains("configmap/settings created", first, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web created", first, StringComparison.Ordinal);

        manifest = await WriteAsync("app.yaml", ConfigMapYaml("2") + "---\n" + DeploymentYaml(2));
        var (secondCode, second) = await KubectlAsync(kubectl, plane, "apply", "-f", manifest);
        Assert.True(secondCode == 0, second);
        Assert.Contains("configmap/settings configured", second, StringComparison.Ordinal);
        Assert.Contains("deployment.apps/web unchanged", second, StringComparison.Ordinal);

        var (getCode, yaml) = await KubectlAsync(kubectl, plane, "get", "deploy", "web", "-o", "yaml");
        Assert.True(getCode == 0, yaml);
        Assert.Contains("kind: Deployment", yaml, StringComparison.Ordinal);
        Assert.Contains("  replicas: 2", yaml, StringComparison.Ordinal);
        Assert.Contains("kubectl.kubernetes.io/last-applied-configuration", yaml, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ServerSideApplyConflictsUntilForced()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var manifest = await WriteAsync("cm.yaml", ConfigMapYaml("1"));
        var (applyCode, apply) = await KubectlAsync(kubectl, plane, "apply", "--server-side", "-f", manifest);
        Assert.True(applyCode == 0, apply);
        Assert.Contains("configmap/settings serverside-applied", apply, StringComparison.Ordinal);

        manifest = await WriteAsync("cm.yaml", ConfigMapYaml("2"));
        var (conflictCode, conflict) = await KubectlAsync(kubectl, plane, "apply", "--server-side", "--field-manager", "other", "-f", manifest);
        Assert.NotEqual(0, conflictCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"kubectl\": .data.a", conflict, StringComparison.Ordinal);

        var (forceCode, force) = await KubectlAsync(kubectl, plane, "apply", "--server-side", "--field-manager", "other", "--force-conflicts", "-f", manifest);
        Assert.True(forceCode == 0, force);
        Assert.Contains("configmap/settings serverside-applied", force, StringComparison.Ordinal);
        var (_, value) = await KubectlAsync(kubectl, plane, "get", "configmap", "settings", "-o", "jsonpath={.data.a}");
        Assert.Equal("2", value);
    }

    [KubectlFact]
    public async Task ScaleSetsTheDeploymentsReplicas()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (applyCode, apply) = await KubectlAsync(kubectl, plane, "apply", "-f", await WriteAsync("deploy.yaml", DeploymentYaml(1)));
        Assert.True(applyCode == 0, apply);
        var (scaleCode, scale) = await KubectlAsync(kubectl, plane, "scale", "deploy/web", "--replicas=3");
        Assert.True(scaleCode == 0, scale);
        Assert.Contains("deployment.apps/web scaled", scale, StringComparison.Ordinal);
        var (_, replicas) = await KubectlAsync(kubectl, plane, "get", "deploy", "web", "-o", "jsonpath={.spec.replicas}");
        Assert.Equal("3", replicas);
    }

    [KubectlFact]
    public async Task ImperativeCreateCommandsCreateTheirObjects()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (nsCode, ns) = await KubectlAsync(kubectl, plane, "create", "namespace", "team");
        Assert.True(nsCode == 0, ns);
        Assert.Contains("namespace/team created", ns, StringComparison.Ordinal);
        var (cmCode, cm) = await KubectlAsync(kubectl, plane, "create", "configmap", "conf", "-n", "team", "--from-literal=k=v");
        Assert.True(cmCode == 0, cm);
        Assert.Contains("configmap/conf created", cm, StringComparison.Ordinal);
        var (secretCode, secret) = await KubectlAsync(kubectl, plane, "create", "secret", "generic", "creds", "-n", "team", "--from-literal=password=s3cret");
        Assert.True(secretCode == 0, secret);
        Assert.Contains("secret/creds created", secret, StringComparison.Ordinal);

        var (_, data) = await KubectlAsync(kubectl, plane, "get", "secret", "creds", "-n", "team", "-o", "jsonpath={.data.password}");
        Assert.Equal(Convert.ToBase64String("s3cret"u8.ToArray()), data);
        var (_, phase) = await KubectlAsync(kubectl, plane, "get", "namespace", "team", "-o", "jsonpath={.status.phase}");
        Assert.Equal("Active", phase);
    }

    [KubectlFact]
    public async Task ApiResourcesListsBuiltInKinds()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (code, output) = await KubectlAsync(kubectl, plane, "api-resources");
        Assert.True(code == 0, output);
        Assert.Matches(@"(?m)^configmaps\s+cm\s+v1\s+true\s+ConfigMap\s*$", output);
        Assert.Matches(@"(?m)^deployments\s+deploy\s+apps/v1\s+true\s+Deployment\s*$", output);
    }

    [KubectlFact]
    public async Task ExplainDescribesConfigMapFromOpenApi()
    {
        var kubectl = KubectlProcess.Executable!;

        await using var plane = await StartAsync();
        var (code, output) = await KubectlAsync(kubectl, plane, "explain", "configmap");
        Assert.True(code == 0, output);
        Assert.Contains("KIND:       ConfigMap", output, StringComparison.Ordinal);
        Assert.Contains("VERSION:    v1", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+data\s+<map\[string\]string>", output);
    }

    private static string ConfigMapYaml(string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: \"{value}\"\n";

    private static string DeploymentYaml(int replicas) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
              - name: web
                image: nginx:1.27

        """;

    private Task<Plane> StartAsync() => Plane.StartAsync(new ControlPlaneOptions { DataDirectory = directory });

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(directory, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private Task<(int Code, string Output)> KubectlAsync(string kubectl, Plane plane, params string[] arguments) =>
        RunAsync(kubectl, ["--kubeconfig", plane.KubeconfigPath!, "--cache-dir", Path.Combine(directory, "cache"), .. arguments]);

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
