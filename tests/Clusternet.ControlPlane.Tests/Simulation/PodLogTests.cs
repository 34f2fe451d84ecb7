using System.Net;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary><c>pods/log</c>: a simulated container's one start line, kube's PodLogOptions and their errors.</summary>
public class PodLogTests(ExecFixture fixture) : IClassFixture<ExecFixture>
{
    [Fact]
    public async Task TheLogIsTheLineTheContainerWroteWhenItStarted()
    {
        var ns = await fixture.NewNamespaceAsync();
        var pod = await fixture.RunningPodAsync(ns, "web");

        Assert.Equal("simulated container main started (image busybox:1.36)\n", await ReadAsync(ns, "web"));

        var started = pod.Status.ContainerStatuses.Single().State.Running.StartedAt!.Value.ToUniversalTime();
        var stamped = await ReadAsync(ns, "web", timestamps: true);
        var stamp = stamped[..stamped.IndexOf(' ', StringComparison.Ordinal)];
        Assert.Equal(started, DateTime.Parse(stamp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.EndsWith("Z", stamp, StringComparison.Ordinal);
        Assert.Equal(string.Empty, await ReadAsync(ns, "web", tailLines: 0));
        Assert.Equal("simul", await ReadAsync(ns, "web", limitBytes: 5));
    }

    [Fact]
    public async Task FollowKeepsTheLogOpenAsForARunningContainer()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "follow");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await using var stream = await fixture.Client.CoreV1.ReadNamespacedPodLogAsync("follow", ns, follow: true, cancellationToken: timeout.Token);
        using var reader = new StreamReader(stream);
        Assert.Equal("simulated container main started (image busybox:1.36)", await reader.ReadLineAsync(timeout.Token));

        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadLineAsync(quiet.Token));
    }

    [Theory]
    [InlineData("tailLines=-1", "PodLogOptions.core \"opts\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0", "tailLines")]
    [InlineData("sinceSeconds=0", "PodLogOptions.core \"opts\" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0", "sinceSeconds")]
    [InlineData("limitBytes=0", "PodLogOptions.core \"opts\" is invalid: limitBytes: Invalid value: 0: must be greater than 0", "limitBytes")]
    [InlineData("sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z", "PodLogOptions.core \"opts\" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", "sinceSeconds")]
    public async Task InvalidOptionsAreUnprocessableWithTheField(string query, string message, string field)
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "opts");

        var (status, body) = await GetAsync($"api/v1/namespaces/{ns}/pods/opts/log?{query}");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid", message), (status, body.Reason, body.Message));
        Assert.Equal(field, body.Details.Causes.Single().Field);
    }

    [Fact]
    public async Task ContainerChoiceAndHistoryAreCheckedAsTheKubeletDoes()
    {
        var ns = await fixture.NewNamespaceAsync();
        await fixture.RunningPodAsync(ns, "one");
        await fixture.Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "two" },
            Spec = new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["disk"] = "tape" }, Containers = [new V1Container { Name = "a", Image = "x" }, new V1Container { Name = "b", Image = "y" }] },
        }, ns);

        Assert.Equal((HttpStatusCode.BadRequest, "a container name must be specified for pod two, choose one of: [a b]"), Short(await GetAsync($"api/v1/namespaces/{ns}/pods/two/log")));
        Assert.Equal((HttpStatusCode.BadRequest, "container \"a\" in pod \"two\" is waiting to start: ContainerCreating"), Short(await GetAsync($"api/v1/namespaces/{ns}/pods/two/log?container=a")));
        Assert.Equal((HttpStatusCode.BadRequest, "container c is not valid for pod two"), Short(await GetAsync($"api/v1/namespaces/{ns}/pods/two/log?container=c")));
        Assert.Equal((HttpStatusCode.BadRequest, "previous terminated container \"main\" in pod \"one\" not found"), Short(await GetAsync($"api/v1/namespaces/{ns}/pods/one/log?previous=true")));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"api/v1/namespaces/{ns}/pods/ghost/log")).Status);
    }

    private async Task<string> ReadAsync(string ns, string pod, bool? timestamps = null, int? tailLines = null, int? limitBytes = null)
    {
        await using var stream = await fixture.Client.CoreV1.ReadNamespacedPodLogAsync(pod, ns, timestamps: timestamps, tailLines: tailLines, limitBytes: limitBytes);
        return await new StreamReader(stream).ReadToEndAsync();
    }

    private async Task<(HttpStatusCode Status, V1Status Body)> GetAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        return (response.StatusCode, KubernetesJson.Deserialize<V1Status>(await response.Content.ReadAsStringAsync()));
    }

    private static (HttpStatusCode, string) Short((HttpStatusCode Status, V1Status Body) result) => (result.Status, result.Body.Message);
}
