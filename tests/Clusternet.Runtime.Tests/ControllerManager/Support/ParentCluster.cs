using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.ControlPlane.Hosting;
using Clusternet.Known;
using Clusternet.Runtime.ControllerManager;
using Clusternet.Runtime.Crds;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;

namespace Clusternet.Runtime.Tests.ControllerManager.Support;

/// <summary>
/// A parent cluster for controller-manager tests: an embedded control plane over HTTPS with the Clusternet CRDs,
/// a bootstrap token of upstream's group, and the controller manager running against it.
/// </summary>
internal sealed class ParentCluster : IAsyncDisposable
{
    public const string BootstrapTokenId = "07401b";
    public const string BootstrapToken = "07401b.f395accd246ae52d";

    private IHost? _controllerManager;
    private Action<ClusternetControllerManagerOptions>? _configure;

    private ParentCluster(Plane plane)
    {
        Plane = plane;
        Admin = new Kubernetes(plane.CreateAdminConfiguration());
        Clusternet = new ClusternetClient(Admin);
    }

    public Plane Plane { get; }

    public Kubernetes Admin { get; }

    public ClusternetClient Clusternet { get; }

    public static async Task<ParentCluster> StartAsync(Action<ClusternetControllerManagerOptions>? configure = null, bool startControllerManager = true)
    {
        var plane = await Plane.StartAsync(new ControlPlaneOptions());
        var parent = new ParentCluster(plane) { _configure = configure };
        foreach (var crd in ClusternetCustomResourceDefinitions.All)
        {
            await parent.Admin.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd);
        }

        await parent.Admin.CoreV1.CreateNamespacedSecretAsync(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "bootstrap-token-" + BootstrapTokenId, NamespaceProperty = "kube-system" },
            Type = "bootstrap.kubernetes.io/token",
            StringData = new Dictionary<string, string>
            {
                ["token-id"] = BootstrapTokenId,
                ["token-secret"] = "f395accd246ae52d",
                ["usage-bootstrap-authentication"] = "true",
                ["usage-bootstrap-signing"] = "true",
                ["auth-extra-groups"] = ClusternetNames.BootstrapTokenGroup,
            },
        }, "kube-system");
        if (startControllerManager)
        {
            await parent.StartControllerManagerAsync();

            // The controller manager applies the bootstrap RBAC as it starts; wait until the parent enforces it.
            using var bootstrap = parent.As(BootstrapToken);
            await Eventually.TrueAsync(async () => (await bootstrap.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { Verb = "create", Group = ClusterRegistrationRequest.KubeGroup, Resource = ClusterRegistrationRequest.KubePluralName },
                },
            })).Status.Allowed);
        }

        return parent;
    }

    public async Task StartControllerManagerAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddClusternetControllerManager(options =>
        {
            options.Parent = Plane.CreateAdminConfiguration();
            options.ApplyBootstrapRbac = true;
            options.LeaseDuration = TimeSpan.FromSeconds(2);
            options.RenewDeadline = TimeSpan.FromSeconds(1.5);
            options.RetryPeriod = TimeSpan.FromMilliseconds(200);
            _configure?.Invoke(options);
        });
        _controllerManager = builder.Build();
        await _controllerManager.StartAsync();
    }

    public async Task StopControllerManagerAsync()
    {
        if (_controllerManager is { } host)
        {
            _controllerManager = null;
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>A client authenticated with <paramref name="token"/> (CA verified).</summary>
    public Kubernetes As(string token) => new(Plane.CreateConfiguration(token));

    /// <summary>Posts a registration request as an agent would, with the bootstrap token.</summary>
    public async Task<ClusterRegistrationRequest> RequestAsync(string clusterId, string clusterName, Action<ClusterRegistrationRequestSpec>? edit = null, string? requestName = null)
    {
        using var bootstrap = As(BootstrapToken);
        var spec = new ClusterRegistrationRequestSpec { ClusterId = clusterId, ClusterName = clusterName, ClusterType = ClusterType.StandardCluster, SyncMode = ClusterSyncMode.Pull };
        edit?.Invoke(spec);
        return await new ClusternetClient(bootstrap).ClustersV1Beta1.ClusterRegistrationRequests().CreateAsync(new ClusterRegistrationRequest
        {
            Metadata = new V1ObjectMeta
            {
                Name = requestName ?? ClusternetNames.RegistrationRequestName(clusterId),
                Labels = new Dictionary<string, string>
                {
                    [ClusternetLabels.ClusterRegisteredBy] = ClusternetLabelValues.AgentName,
                    [ClusternetLabels.ClusterId] = clusterId,
                    [ClusternetLabels.ClusterName] = clusterName,
                },
            },
            Spec = spec,
        });
    }

    /// <summary>Waits until the approver decided on the request (read as admin).</summary>
    public Task<ClusterRegistrationRequest> DecidedAsync(string requestName) =>
        Eventually.ValueAsync(async () =>
        {
            var request = await Clusternet.ClustersV1Beta1.ClusterRegistrationRequests().GetAsync(requestName);
            return string.IsNullOrEmpty(request.Status?.Result) ? null : request;
        });

    /// <summary>Posts a ManagedCluster status report with the cluster's own token, as an agent would.</summary>
    public async Task ReportAsync(Kubernetes asCluster, string @namespace, string name, bool ready = true, long heartbeatSeconds = 180)
    {
        var clusters = new ClusternetClient(asCluster).ClustersV1Beta1.ManagedClusters(@namespace);
        var cluster = await clusters.GetAsync(name);
        var now = DateTime.UtcNow;
        var conditions = cluster.Status?.Conditions?.Where(c => c.Type != ClusterConditionType.Ready).ToList() ?? [];
        conditions.Add(new V1Condition
        {
            Type = ClusterConditionType.Ready,
            Status = ready ? "True" : "False",
            Reason = ready ? ClusterConditionReasons.ManagedClusterReady : ClusterConditionReasons.ManagedClusterNotReady,
            Message = ready ? ClusterConditionMessages.ManagedClusterReady : ClusterConditionMessages.ManagedClusterNotReady,
            LastTransitionTime = now,
        });
        cluster.Status = new ManagedClusterStatus
        {
            LastObservedTime = now,
            KubernetesVersion = "v1.32.0",
            Healthz = ready,
            Livez = ready,
            Readyz = ready,
            HeartbeatFrequencySeconds = heartbeatSeconds,
            Conditions = conditions,
        };
        await clusters.UpdateStatusAsync(cluster);
    }

    public async ValueTask DisposeAsync()
    {
        await StopControllerManagerAsync();
        Admin.Dispose();
        await Plane.DisposeAsync();
    }
}

/// <summary>Polls a condition that another component brings about.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, TimeSpan? timeout = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } value)
                {
                    return value;
                }
            }
            catch (Exception error)
            {
                last = error;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the condition did not come true in time", last);
    }

    public static Task TrueAsync(Func<Task<bool>> probe, TimeSpan? timeout = null) =>
        ValueAsync<object>(async () => await probe() ? new object() : null, timeout);
}
