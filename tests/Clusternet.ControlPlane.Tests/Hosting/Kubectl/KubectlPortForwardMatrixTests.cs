using System.Text.RegularExpressions;
using Clusternet.ControlPlane.Tests.Simulation;

namespace Clusternet.ControlPlane.Tests.Hosting.Kubectl;

/// <summary>
/// <c>kubectl port-forward</c>: kubectl 1.27 upgrades to SPDY/3.1, kubectl 1.32 tunnels the same SPDY connection in a
/// WebSocket (<c>SPDY/3.1+portforward.k8s.io</c>). Both reach the simulated container's declared port with HTTP, several
/// connections in turn, and an undeclared port is reported with the kubelet's error.
/// </summary>
public sealed partial class KubectlPortForwardMatrixTests(ExecKubectlPlanes planes) : IClassFixture<ExecKubectlPlanes>
{
    public static TheoryData<string> Minors => ["27", "32"];

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task PortForwardCarriesHttpToTheDeclaredPort(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await RunningPodAsync(kubectl, "web");

        await using var forward = kubectl.Start("port-forward", "-n", ns, "pod/web", ":8080");
        var port = LocalPort(await forward.ReadLineContainingAsync("Forwarding from 127.0.0.1:", TimeSpan.FromSeconds(30)));

        // Three connections, one after the other, each a stream pair in the same SPDY connection.
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(20) };
        for (var i = 0; i < 3; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/call-{i}") { Headers = { ConnectionClose = true } };
            using var response = await http.SendAsync(request);
            Assert.Equal($"pod {ns}/web, container main, port 8080: GET /call-{i}\n", await response.Content.ReadAsStringAsync());
        }
    }

    [KubectlTheory]
    [MemberData(nameof(Minors))]
    public async Task AnUndeclaredPortIsReportedWithTheKubeletsError(string minor)
    {
        var kubectl = await planes.ForMinorAsync(minor);
        var ns = await RunningPodAsync(kubectl, "closed");

        await using var forward = kubectl.Start("port-forward", "-n", ns, "pod/closed", ":9090");
        var port = LocalPort(await forward.ReadLineContainingAsync("Forwarding from 127.0.0.1:", TimeSpan.FromSeconds(30)));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        await Assert.ThrowsAnyAsync<Exception>(() => http.GetStringAsync($"http://127.0.0.1:{port}/"));

        var error = await forward.ReadLineContainingAsync("error forwarding port 9090 to pod closed", TimeSpan.FromSeconds(20));
        Assert.Contains("dial tcp4 127.0.0.1:9090: connect: connection refused", error, StringComparison.Ordinal);
    }

    private static async Task<string> RunningPodAsync(KubectlTarget kubectl, string name)
    {
        var ns = await kubectl.NamespaceAsync("pf");
        var manifest = await kubectl.WriteAsync(name + ".yaml", $$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: {{name}}, namespace: {{ns}}}
            spec:
              containers: [{name: main, image: nginx, ports: [{containerPort: 8080}]}]
            """);
        await kubectl.SucceedAsync("apply", "-f", manifest);
        await kubectl.SucceedAsync("wait", "--for=jsonpath={.status.phase}=Running", "-n", ns, "pod/" + name, "--timeout=30s");
        return ns;
    }

    private static int LocalPort(string line) => int.Parse(ForwardingLine().Match(line).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"127\.0\.0\.1:(\d+) ->")]
    private static partial Regex ForwardingLine();
}
