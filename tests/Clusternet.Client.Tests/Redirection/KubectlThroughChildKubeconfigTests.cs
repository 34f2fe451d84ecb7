using System.Diagnostics;
using System.Text;
using Clusternet.Redirection;

namespace Clusternet.Client.Tests.Redirection;

/// <summary>kubectl with a written child kubeconfig, against a recording server over HTTPS (kubectl sends credentials only over TLS).</summary>
public sealed class KubectlThroughChildKubeconfigTests : IAsyncLifetime, IDisposable
{
    private const string ClusterId = "dc91021d-2361-4f6d-a404-7c33b9e01118";
    private const string Direct = "/apis/proxies.clusternet.io/v1alpha1/sockets/" + ClusterId + "/proxy/direct";
    private readonly string directory = Directory.CreateTempSubdirectory("kubectl-child-").FullName;
    private RecordingApiServer server = null!;

    public async Task InitializeAsync() => server = await RecordingApiServer.StartAsync(https: true);

    public async Task DisposeAsync() => await server.DisposeAsync();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private async Task<string> WriteChildKubeconfigAsync(ChildCredentials? credentials)
    {
        var parentPath = Path.Combine(directory, "parent");
        await File.WriteAllTextAsync(parentPath, $"""
            apiVersion: v1
            kind: Config
            current-context: parent
            clusters:
            - name: parent
              cluster:
                server: {server.BaseUri.ToString().TrimEnd('/')}/hub
                certificate-authority-data: {Convert.ToBase64String(Encoding.UTF8.GetBytes(server.CertificatePem))}
            users:
            - name: parent
              user:
                token: parent-token
            contexts:
            - name: parent
              context:
                cluster: parent
                user: parent
            """);
        var childPath = Path.Combine(directory, "child");
        await ChildKubeconfig.WriteAsync(parentPath, ClusterId, childPath, credentials);
        return childPath;
    }

    private static async Task<(int Code, string Output)> KubectlAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    [KubectlOnPathFact]
    public async Task Kubectl_requests_carry_the_proxy_path_and_the_parent_token()
    {
        var kubeconfig = await WriteChildKubeconfigAsync(null);
        var (code, output) = await KubectlAsync("--kubeconfig", kubeconfig, "version", "-o", "json");
        Assert.True(code == 0, output);

        var call = server.Calls.Last(c => c.Path.EndsWith("/version", StringComparison.Ordinal));
        Assert.Equal("/hub" + Direct + "/version", call.Path);
        Assert.Equal("Bearer parent-token", call.Header("Authorization"));
        Assert.Null(call.Header("Impersonate-User"));
    }

    [KubectlOnPathFact]
    public async Task Kubectl_sends_child_credentials_as_upstreams_impersonation_headers()
    {
        var kubeconfig = await WriteChildKubeconfigAsync(ChildCredentials.FromToken("child-token"));
        var (code, output) = await KubectlAsync("--kubeconfig", kubeconfig, "version", "-o", "json");
        Assert.True(code == 0, output);

        var call = server.Calls.Last(c => c.Path.EndsWith("/version", StringComparison.Ordinal));
        Assert.Equal("/hub" + Direct + "/version", call.Path);
        Assert.Equal("clusternet", call.Header("Impersonate-User"));
        Assert.Equal("child-token", call.Header("Impersonate-Extra-Clusternet-Token"));
        Assert.Equal("Bearer parent-token", call.Header("Authorization"));
    }

    [KubectlOnPathFact]
    public async Task Kubectl_discovery_goes_through_the_proxy_path()
    {
        var kubeconfig = await WriteChildKubeconfigAsync(null);
        await KubectlAsync("--kubeconfig", kubeconfig, "--cache-dir", Path.Combine(directory, "cache"), "get", "pods", "-n", "default");
        Assert.Contains(server.Calls, c => c.Path == "/hub" + Direct + "/api");
        Assert.DoesNotContain(server.Calls, c => c.Path is "/api" or "/apis" or "/hub/api");
    }

    // kubectl's --raw takes a path on the host, not under the kubeconfig server's path: documented in docs/client-wrapper.md.
    [KubectlOnPathFact]
    public async Task Kubectl_get_raw_paths_ignore_the_server_path()
    {
        var kubeconfig = await WriteChildKubeconfigAsync(null);
        var (code, output) = await KubectlAsync("--kubeconfig", kubeconfig, "get", "--raw", "/api/v1/namespaces/default/pods");
        Assert.True(code == 0, output);
        Assert.Contains(server.Calls, c => c.Path == "/api/v1/namespaces/default/pods");
    }
}

/// <summary>Skips with the reason where kubectl is not on PATH.</summary>
internal sealed class KubectlOnPathFactAttribute : FactAttribute
{
    public KubectlOnPathFactAttribute()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, "kubectl")));
        if (!onPath)
        {
            Skip = "kubectl is not on PATH";
        }
    }
}
