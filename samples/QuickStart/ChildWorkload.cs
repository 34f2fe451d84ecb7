using Clusternet.Redirection;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Clusternet.Samples.QuickStart;

/// <summary>
/// Work done in a child cluster through the hub: a KubernetesClient built from the parent's configuration with
/// <c>ForCluster(id)</c>, so every request goes parent → aggregator → hub → the agent's tunnel → the child's API server,
/// as the parent's own user. It lists the child's nodes and rolls out a Deployment on them.
/// </summary>
internal static class ChildWorkload
{
    private const string Namespace = "quickstart";
    private const string Deployment = "hello";

    public static async Task RunAsync(KubernetesClientConfiguration parent, string clusterName, string clusterId, int replicas, TextWriter output, CancellationToken cancellationToken)
    {
        using var child = new Kubernetes(parent.ForCluster(clusterId));
        var nodes = await child.CoreV1.ListNodeAsync(cancellationToken: cancellationToken);
        await CreateOrKeepAsync(() => child.CoreV1.CreateNamespaceAsync(
            new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: cancellationToken));
        await CreateOrKeepAsync(() => child.AppsV1.CreateNamespacedDeploymentAsync(HelloDeployment(replicas), Namespace, cancellationToken: cancellationToken));

        V1Deployment deployment;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            while (true)
            {
                deployment = await child.AppsV1.ReadNamespacedDeploymentStatusAsync(Deployment, Namespace, cancellationToken: timeout.Token);
                if (deployment.Status?.Conditions?.Any(c => c.Type == "Available" && c.Status == "True") == true
                    && deployment.Status.AvailableReplicas == replicas)
                {
                    break;
                }

                await Task.Delay(200, timeout.Token);
            }
        }

        var pods = await child.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=" + Deployment, cancellationToken: cancellationToken);
        var placement = pods.Items
            .Where(p => p.Status?.Phase == "Running")
            .GroupBy(p => p.Spec.NodeName ?? "?")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}×{g.Count()}");
        output.WriteLine($"   {clusterName,-12} nodes: {string.Join(", ", nodes.Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal))}");
        output.WriteLine($"   {"",-12} deployment {Namespace}/{Deployment} Available {deployment.Status!.AvailableReplicas}/{replicas}, pods on {string.Join(", ", placement)}");
    }

    private static V1Deployment HelloDeployment(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = Deployment, NamespaceProperty = Namespace },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = Deployment } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = Deployment } },
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "web",
                            Image = "nginx:1.27",
                            Ports = [new V1ContainerPort { ContainerPort = 80, Name = "http" }],
                            Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("128Mi") } },
                        },
                    ],
                },
            },
        },
    };

    private static async Task CreateOrKeepAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
        }
    }
}
