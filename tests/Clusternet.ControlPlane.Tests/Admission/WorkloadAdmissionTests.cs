using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Admission;
using static Clusternet.ControlPlane.Tests.Admission.AdmissionChain;

namespace Clusternet.ControlPlane.Tests.Admission;

public sealed class WorkloadAdmissionTests
{
    private static JsonObject Deployment(string selector = """{"matchLabels":{"app":"d"}}""", string labels = """{"app":"d"}""", string containers = """[{"name":"c","image":"nginx"}]""") =>
        Json("""{"metadata":{"name":"d"},"spec":{"selector":""" + selector + ""","template":{"metadata":{"labels":""" + labels + """},"spec":{"containers":""" + containers + "}}}}");

    [Fact]
    public async Task DeploymentGetsTheDefaultsKubectlShows()
    {
        var chain = await StartAsync();
        var d = await chain.AdmitAsync(Create("apps", "deployments", Deployment()));
        var spec = d["spec"]!;
        Assert.Equal(1, spec["replicas"]!.GetValue<int>());
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", spec["strategy"]!.ToJsonString());
        Assert.Equal(10, spec["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(600, spec["progressDeadlineSeconds"]!.GetValue<int>());
        Assert.Equal(
            """{"containers":[{"name":"c","image":"nginx","terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"Always","resources":{}}],"restartPolicy":"Always","dnsPolicy":"ClusterFirst","terminationGracePeriodSeconds":30,"schedulerName":"default-scheduler","securityContext":{}}""",
            spec["template"]!["spec"]!.ToJsonString());
    }

    [Fact]
    public async Task RecreateStrategyGetsNoRollingUpdateParameters()
    {
        var chain = await StartAsync();
        var obj = Deployment();
        obj["spec"]!["strategy"] = new JsonObject { ["type"] = "Recreate" };
        var d = await chain.AdmitAsync(Create("apps", "deployments", obj));
        Assert.Equal("""{"type":"Recreate"}""", d["spec"]!["strategy"]!.ToJsonString());
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("registry:5000/nginx", "Always")]
    [InlineData("registry:5000/nginx:1.27", "IfNotPresent")]
    [InlineData("nginx@sha256:abc", "IfNotPresent")]
    public void PullPolicyFollowsTheTag(string image, string policy) =>
        Assert.Equal(policy, PodSpecDefaults.PullPolicyFor(image));

    [Fact]
    public async Task PodGetsSpecDefaultsAndPendingPhase()
    {
        var chain = await StartAsync();
        var pod = await chain.AdmitAsync(Create("", "pods", Json("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"busybox:1.36","ports":[{"containerPort":80}],"readinessProbe":{"tcpSocket":{"port":80}}}]}}""")));
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("IfNotPresent", container["imagePullPolicy"]!.GetValue<string>());
        Assert.Equal("TCP", container["ports"]![0]!["protocol"]!.GetValue<string>());
        Assert.Equal("""{"tcpSocket":{"port":80},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}""", container["readinessProbe"]!.ToJsonString());
        Assert.Equal("default", pod["spec"]!["serviceAccountName"]!.GetValue<string>());
        Assert.Equal("Pending", pod["status"]!["phase"]!.GetValue<string>());
    }

    [Fact]
    public async Task StatefulSetDaemonSetAndJobGetTheirDefaults()
    {
        var chain = await StartAsync();
        var template = """{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"i:1"}]}}}""";
        var sts = await chain.AdmitAsync(Create("apps", "statefulsets", Json($$"""{"metadata":{"name":"s"},"spec":{{template}}}""")));
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"partition":0}}""", sts["spec"]!["updateStrategy"]!.ToJsonString());
        Assert.Equal("OrderedReady", sts["spec"]!["podManagementPolicy"]!.GetValue<string>());
        var ds = await chain.AdmitAsync(Create("apps", "daemonsets", Json($$"""{"metadata":{"name":"s"},"spec":{{template}}}""")));
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}""", ds["spec"]!["updateStrategy"]!.ToJsonString());
        var job = await chain.AdmitAsync(Create("batch", "jobs", Json("""{"metadata":{"name":"j"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"c","image":"i:1"}]}}}}""")));
        Assert.Equal((1, 1, 6), (job["spec"]!["parallelism"]!.GetValue<int>(), job["spec"]!["completions"]!.GetValue<int>(), job["spec"]!["backoffLimit"]!.GetValue<int>()));
        Assert.Equal("Never", job["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
    }

    [Fact]
    public async Task SelectorThatDoesNotMatchTemplateLabelsIsInvalid()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("apps", "deployments", Deployment(labels: """{"app":"other"}""")));
        Assert.Equal(
            "Deployment.apps \"d\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
            status.Message);
    }

    [Fact]
    public async Task EmptySelectorIsInvalid()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("apps", "deployments", Deployment(selector: "{}")));
        Assert.Equal("Deployment.apps \"d\" is invalid: spec.selector: Invalid value: {}: empty selector is invalid for deployment", status.Message);
    }

    [Fact]
    public async Task ContainerNameAndImageAreRequired()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("apps", "deployments", Deployment(containers: """[{}]""")));
        Assert.Equal(
            "Deployment.apps \"d\" is invalid: [spec.template.spec.containers[0].name: Required value, spec.template.spec.containers[0].image: Required value]",
            status.Message);
    }

    [Fact]
    public async Task PodWithoutContainersIsInvalid()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "pods", Json("""{"metadata":{"name":"p"},"spec":{}}""")));
        Assert.Equal("Pod \"p\" is invalid: spec.containers: Required value", status.Message);
    }

    [Fact]
    public async Task DuplicateContainerNamesAreRefused()
    {
        var chain = await StartAsync();
        var status = await chain.RefusedAsync(Create("", "pods", Json("""{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"},{"name":"c","image":"i"}]}}""")));
        Assert.Equal("Pod \"p\" is invalid: spec.containers[1].name: Duplicate value: \"c\"", status.Message);
    }
}
