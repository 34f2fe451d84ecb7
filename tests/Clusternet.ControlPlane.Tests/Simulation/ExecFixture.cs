using Clusternet.ControlPlane.Hosting;
using Clusternet.ControlPlane.Simulation;
using Clusternet.ControlPlane.Tests.Api.Server;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>
/// A control plane simulating one node, so pods run and can be exec'd into and port-forwarded to, with a user
/// <c>runner</c> allowed to create <c>pods/exec</c> and <c>pods/portforward</c> and a user <c>reader</c> allowed only to
/// get them (and to read pods).
/// </summary>
public sealed class ExecFixture : ServerFixture
{
    public const string RunnerToken = "exec-runner-token-0123456789";
    public const string ReaderToken = "exec-reader-token-0123456789";

    protected override ControlPlaneOptions Options => base.Options with
    {
        Simulation = new SimulationOptions { Nodes = [new SimulatedNode("exec-node")] },
        Security = new ControlPlaneSecurityOptions
        {
            Tokens = new Dictionary<string, StaticTokenUser>
            {
                [RunnerToken] = new StaticTokenUser("runner", []),
                [ReaderToken] = new StaticTokenUser("reader", []),
            },
        },
    };

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await GrantAsync("runner", ["get", "create"]);
        await GrantAsync("reader", ["get"]);
    }

    /// <summary>A client acting as a static-token user.</summary>
    public Kubernetes ClientFor(string token) => new(Plane.CreateConfiguration(token));

    /// <summary>Creates a pod with one container <c>main</c> (env <c>GREETING=hello</c>, port 8080) and waits until it is Running.</summary>
    public async Task<V1Pod> RunningPodAsync(string ns, string name)
    {
        await Client.CoreV1.CreateNamespacedPodAsync(Pod(name), ns);
        return await SimulationFixture.EventuallyAsync(() => Client.CoreV1.ReadNamespacedPodAsync(name, ns), p => p.Status?.Phase == "Running", "a running pod");
    }

    public static V1Pod Pod(string name, IDictionary<string, string>? nodeSelector = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            NodeSelector = nodeSelector,
            Containers =
            [
                new V1Container
                {
                    Name = "main",
                    Image = "busybox:1.36",
                    Env = [new V1EnvVar { Name = "GREETING", Value = "hello" }],
                    Ports = [new V1ContainerPort { ContainerPort = 8080 }],
                },
            ],
        },
    };

    private async Task GrantAsync(string user, IList<string> verbs)
    {
        await Client.RbacAuthorizationV1.CreateClusterRoleAsync(new V1ClusterRole
        {
            Metadata = new V1ObjectMeta { Name = "exec-" + user },
            Rules =
            [
                new V1PolicyRule { ApiGroups = [""], Resources = ["pods/exec", "pods/portforward", "pods/attach"], Verbs = verbs },
                new V1PolicyRule { ApiGroups = [""], Resources = ["pods"], Verbs = ["get", "list"] },
            ],
        });
        await Client.RbacAuthorizationV1.CreateClusterRoleBindingAsync(new V1ClusterRoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "exec-" + user },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "exec-" + user },
            Subjects = [new Rbacv1Subject { Kind = "User", Name = user, ApiGroup = "rbac.authorization.k8s.io" }],
        });
    }
}
