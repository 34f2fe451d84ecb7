using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager.Discovery;

/// <summary>
/// Registers a cluster the parent can reach itself (a cluster-api cluster through its kubeconfig, or the parent
/// itself), doing from the parent side what an agent would do in it: the cluster id is the uid of the Lease
/// <c>clusternet-system/clusternet-agent</c> in that cluster (created when missing, so an agent installed later
/// finds the same id), a ClusterRegistrationRequest goes through the ordinary approver, the child's
/// <c>clusternet-app-deployer</c> credentials are pushed as <c>child-cluster-deployer</c>, and the cluster's status
/// is reported every <see cref="ClusternetControllerManagerOptions.ParentSideStatusPeriod"/>. Sync mode is Push: no
/// agent pulls. No tunnel: the parent reaches the child directly.
/// </summary>
internal sealed class ParentSideRegistration(ClusterResources parent, ClusternetControllerManagerOptions options, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public Task RunSelfAsync(Kubernetes self, CancellationToken cancellationToken) =>
        RunAsync(self, options.SelfRegistrationName, new Dictionary<string, string>(), cancellationToken);

    /// <summary>Registers the cluster, then reports its status until cancelled. Failures are retried.</summary>
    public async Task RunAsync(Kubernetes child, string name, IDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        ManagedCluster? cluster = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                cluster ??= await RegisterAsync(child, name, labels, cancellationToken).ConfigureAwait(false);
                await ReportAsync(child, cluster, cancellationToken).ConfigureAwait(false);
                await Task.Delay(options.ParentSideStatusPeriod, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                ControllerManagerLog.ParentSideStatusFailed(logger, name, error);
                await Task.Delay(ClusternetDefaults.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<ManagedCluster> RegisterAsync(Kubernetes child, string name, IDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var childResources = new ClusterResources(child);
        await EnsureAsync(() => childResources.Namespaces().CreateAsync(new V1Namespace { Metadata = new() { Name = ClusternetNamespaces.System } }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var leases = childResources.Leases(ClusternetNamespaces.System);
        var lease = await ClusterResources.GetOrNullAsync(leases, ClusternetNames.AgentLease, cancellationToken).ConfigureAwait(false)
            ?? await leases.CreateAsync(new V1Lease { Metadata = new() { Name = ClusternetNames.AgentLease, NamespaceProperty = ClusternetNamespaces.System }, Spec = new V1LeaseSpec() }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var id = ClusterResources.ValueOf(lease.Metadata.Annotations, "legacy-cluster-id") is { Length: > 0 } legacy ? legacy : lease.Metadata.Uid;
        ControllerManagerLog.ParentSideRegistering(logger, name, id);

        var requestName = ClusternetNames.RegistrationRequestName(id);
        await EnsureAsync(() => parent.RegistrationRequests().CreateAsync(new ClusterRegistrationRequest
        {
            Metadata = new V1ObjectMeta
            {
                Name = requestName,
                Labels = new Dictionary<string, string>
                {
                    [ClusternetLabels.ClusterRegisteredBy] = ClusternetLabelValues.ControllerManagerName,
                    [ClusternetLabels.ClusterId] = id,
                    [ClusternetLabels.ClusterName] = name,
                },
            },
            Spec = new ClusterRegistrationRequestSpec
            {
                ClusterId = id,
                ClusterName = name,
                ClusterType = ClusterType.StandardCluster,
                SyncMode = ClusterSyncMode.Push,
                ClusterLabels = labels,
            },
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        ClusterRegistrationRequestStatus status;
        while (true)
        {
            var request = await parent.RegistrationRequests().GetAsync(requestName, cancellationToken).ConfigureAwait(false);
            if (request.Status?.Result is { Length: > 0 } result)
            {
                if (result != ApprovedResult.Approved)
                {
                    throw new InvalidOperationException($"registration request {requestName} was {result}: {request.Status.ErrorMessage}");
                }

                status = request.Status;
                break;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }

        await PushChildCredentialsAsync(childResources, status.DedicatedNamespace!, id, cancellationToken).ConfigureAwait(false);
        return await parent.ManagedClusters(status.DedicatedNamespace).GetAsync(status.ManagedClusterName!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What the agent's deployer does at start (§1.7): a cluster-admin ServiceAccount in the child, its token in the parent.</summary>
    private async Task PushChildCredentialsAsync(ClusterResources child, string dedicatedNamespace, string id, CancellationToken cancellationToken)
    {
        const string account = ClusternetNames.AppDeployerServiceAccount;
        await EnsureAsync(() => child.ServiceAccounts(ClusternetNamespaces.System).CreateAsync(new V1ServiceAccount { Metadata = new() { Name = account, NamespaceProperty = ClusternetNamespaces.System } }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await EnsureAsync(() => child.ClusterRoleBindings().CreateAsync(new V1ClusterRoleBinding
        {
            Metadata = new() { Name = "clusternet:app:deployer" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = ClusternetNamespaces.System }],
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        await EnsureAsync(() => child.Secrets(ClusternetNamespaces.System).CreateAsync(new V1Secret
        {
            Metadata = new() { Name = account, NamespaceProperty = ClusternetNamespaces.System, Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = account } },
            Type = "kubernetes.io/service-account-token",
        }, cancellationToken: cancellationToken)).ConfigureAwait(false);

        V1Secret token;
        while (true)
        {
            token = await child.Secrets(ClusternetNamespaces.System).GetAsync(account, cancellationToken).ConfigureAwait(false);
            if (token.Data?.ContainsKey(ClusternetSecretKeys.Token) == true && token.Data.ContainsKey(ClusternetSecretKeys.CaCertificate))
            {
                break;
            }

            await Task.Delay(Poll, time, cancellationToken).ConfigureAwait(false);
        }

        var secret = new V1Secret
        {
            Metadata = new V1ObjectMeta
            {
                Name = ClusternetNames.ChildClusterSecret,
                NamespaceProperty = dedicatedNamespace,
                Labels = new Dictionary<string, string>
                {
                    [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.ControllerManagerName,
                    [ClusternetLabels.ClusterId] = id,
                    [ClusternetLabels.ClusterBootstrapping] = ClusternetLabelValues.CredentialsAuto,
                },
                Annotations = new Dictionary<string, string> { [ClusternetAnnotations.AutoUpdate] = "true" },
            },
            Data = new Dictionary<string, byte[]>
            {
                [ClusternetSecretKeys.CaCertificate] = token.Data[ClusternetSecretKeys.CaCertificate],
                [ClusternetSecretKeys.Token] = token.Data[ClusternetSecretKeys.Token],
                [ClusternetSecretKeys.ServiceAccountName] = System.Text.Encoding.UTF8.GetBytes(account),
                [ClusternetSecretKeys.ServiceAccountUid] = System.Text.Encoding.UTF8.GetBytes(ClusterResources.ValueOf(token.Metadata.Annotations, "kubernetes.io/service-account.uid") ?? ""),
                [ClusternetSecretKeys.ApiServerUrl] = System.Text.Encoding.UTF8.GetBytes(child.Kubernetes.BaseUri.ToString().TrimEnd('/')),
            },
        };
        try
        {
            await parent.Secrets(dedicatedNamespace).CreateAsync(secret, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await parent.Secrets(dedicatedNamespace).GetAsync(secret.Metadata.Name, cancellationToken).ConfigureAwait(false);
            existing.Data = secret.Data;
            await parent.Secrets(dedicatedNamespace).UpdateAsync(existing, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReportAsync(Kubernetes child, ManagedCluster registered, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var collected = await ChildStatusCollector.CollectAsync(child, child.BaseUri.ToString().TrimEnd('/'), options.ParentSideStatusPeriod, now, cancellationToken).ConfigureAwait(false);
        var clusters = parent.ManagedClusters(registered.Metadata.NamespaceProperty);
        var current = await clusters.GetAsync(registered.Metadata.Name, cancellationToken).ConfigureAwait(false);

        // Keep conditions others own (ClusterInit); keep Ready's transition time while its status holds.
        var ready = collected.Conditions![0];
        var previous = current.Status?.Conditions?.FirstOrDefault(c => c.Type == ClusterConditionType.Ready);
        if (previous is not null && previous.Status == ready.Status)
        {
            ready.LastTransitionTime = previous.LastTransitionTime;
        }

        foreach (var other in current.Status?.Conditions?.Where(c => c.Type != ClusterConditionType.Ready) ?? [])
        {
            collected.Conditions.Add(other);
        }

        current.Status = collected;
        await clusters.UpdateStatusAsync(current, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task EnsureAsync<T>(Func<Task<T>> create)
    {
        try
        {
            await create().ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
        }
    }
}
