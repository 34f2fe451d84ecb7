using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Agent.Support;

/// <summary>
/// A minimal stand-in for the controller manager's approver (upstream §1.5), enough for the agent to register: dedicated
/// namespace, ManagedCluster, ServiceAccount with a token Secret, RBAC, and the request's status. Beyond upstream it lets the
/// cluster's account delete its own request, which the agent uses to re-register after the parent forgot it.
/// </summary>
internal sealed class TestApprover : IAsyncDisposable
{
    private readonly Kubernetes _admin;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private readonly bool _grantDelete;

    public TestApprover(Kubernetes admin, bool grantDelete = true)
    {
        _admin = admin;
        _grantDelete = grantDelete;
        _loop = Task.Run(() => RunAsync(_stop.Token));
    }

    /// <summary>Requests answered so far, by name.</summary>
    public List<string> Approved { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var requests = _admin.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                foreach (var request in (await requests.ListAsync(cancellationToken: cancellationToken)).Items)
                {
                    if (request.Status?.Result is null)
                    {
                        await ApproveAsync(requests, request, cancellationToken);
                    }
                }

                await Task.Delay(100, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private async Task ApproveAsync(
        IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> requests, ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        var id = request.Spec.ClusterId;
        if (request.Metadata.Name != ClusternetNames.ObjectPrefix + id)
        {
            request.Status = new ClusterRegistrationRequestStatus { Result = ApprovedResult.Denied, ErrorMessage = "name does not match the cluster id" };
            await requests.UpdateStatusAsync(request, cancellationToken: cancellationToken);
            return;
        }

        var selector = $"{ClusternetLabels.ObjectCreatedBy}={ClusternetLabelValues.AgentName},{ClusternetLabels.ClusterId}={id}";
        var labels = new Dictionary<string, string>
        {
            [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.AgentName,
            [ClusternetLabels.ClusterId] = id,
            [ClusternetLabels.ClusterName] = request.Spec.ClusterName ?? "",
        };

        var namespaces = _admin.Resource<V1Namespace, V1NamespaceList>(ResourceDescriptor.For<V1Namespace>(namespaced: false));
        var ns = (await namespaces.ListAsync(new ListOptions { LabelSelector = selector }, cancellationToken)).Items.FirstOrDefault()
            ?? await namespaces.CreateAsync(new V1Namespace { Metadata = new V1ObjectMeta { GenerateName = ClusternetNames.ObjectPrefix, Labels = labels } }, cancellationToken: cancellationToken);
        var dedicated = ns.Metadata.Name;

        var clusters = _admin.Resource<ManagedCluster, ManagedClusterList>(dedicated);
        var cluster = (await clusters.ListAsync(new ListOptions { LabelSelector = selector }, cancellationToken)).Items.FirstOrDefault()
            ?? await clusters.CreateAsync(
                new ManagedCluster
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = request.Spec.ClusterName,
                        NamespaceProperty = dedicated,
                        Labels = new Dictionary<string, string>(labels.Concat(request.Spec.ClusterLabels ?? new Dictionary<string, string>())),
                    },
                    Spec = new ManagedClusterSpec { ClusterId = id, ClusterType = request.Spec.ClusterType, SyncMode = request.Spec.SyncMode ?? ClusterSyncMode.Pull },
                },
                cancellationToken: cancellationToken);

        var accounts = _admin.Resource<V1ServiceAccount, V1ServiceAccountList>(ResourceDescriptor.For<V1ServiceAccount>(namespaced: true), dedicated);
        var account = (await accounts.ListAsync(new ListOptions { LabelSelector = selector }, cancellationToken)).Items.FirstOrDefault()
            ?? await accounts.CreateAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { GenerateName = ClusternetNames.ObjectPrefix, Labels = labels } }, cancellationToken: cancellationToken);
        var secrets = _admin.Resource<V1Secret, V1SecretList>(ResourceDescriptor.For<V1Secret>(namespaced: true), dedicated);
        try
        {
            await secrets.CreateAsync(
                new V1Secret
                {
                    Type = "kubernetes.io/service-account-token",
                    Metadata = new V1ObjectMeta
                    {
                        Name = account.Metadata.Name,
                        Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = account.Metadata.Name },
                    },
                },
                cancellationToken: cancellationToken);
        }
        catch (AlreadyExistsException)
        {
        }

        await EnsureRbacAsync(id, request.Metadata.Name, dedicated, account.Metadata.Name, cancellationToken);

        V1Secret secret;
        while (true)
        {
            secret = await secrets.GetAsync(account.Metadata.Name, cancellationToken);
            if (secret.Data?.ContainsKey("token") == true && secret.Data.ContainsKey("ca.crt"))
            {
                break;
            }

            await Task.Delay(50, cancellationToken);
        }

        request.Status = new ClusterRegistrationRequestStatus
        {
            Result = ApprovedResult.Approved,
            DedicatedNamespace = dedicated,
            ManagedClusterName = cluster.Metadata.Name,
            Token = secret.Data["token"],
            CaCertificate = secret.Data["ca.crt"],
        };
        await requests.UpdateStatusAsync(request, cancellationToken: cancellationToken);
        lock (Approved)
        {
            Approved.Add(request.Metadata.Name);
        }
    }

    private async Task EnsureRbacAsync(string id, string requestName, string dedicated, string account, CancellationToken cancellationToken)
    {
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = dedicated };
        var name = ClusternetNames.ObjectPrefix + id;
        await CreateOrIgnoreAsync(
            _admin.Resource<V1ClusterRole, V1ClusterRoleList>(ResourceDescriptor.For<V1ClusterRole>(namespaced: false)),
            new V1ClusterRole
            {
                Metadata = new V1ObjectMeta { Name = name },
                Rules =
                [
                    new V1PolicyRule { ApiGroups = ["clusters.clusternet.io"], Resources = ["clusterregistrationrequests"], Verbs = ["create", "get"] },
                    new V1PolicyRule { ApiGroups = ["clusters.clusternet.io"], Resources = ["clusterregistrationrequests"], ResourceNames = [requestName], Verbs = _grantDelete ? ["delete"] : ["get"] },
                    new V1PolicyRule { ApiGroups = ["proxies.clusternet.io"], Resources = ["sockets"], ResourceNames = [id], Verbs = ["*"] },
                ],
            },
            cancellationToken);
        await CreateOrIgnoreAsync(
            _admin.Resource<V1ClusterRoleBinding, V1ClusterRoleBindingList>(ResourceDescriptor.For<V1ClusterRoleBinding>(namespaced: false)),
            new V1ClusterRoleBinding
            {
                Metadata = new V1ObjectMeta { Name = name },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
                Subjects = [subject],
            },
            cancellationToken);
        await CreateOrIgnoreAsync(
            _admin.Resource<V1Role, V1RoleList>(ResourceDescriptor.For<V1Role>(namespaced: true), dedicated),
            new V1Role
            {
                Metadata = new V1ObjectMeta { Name = ClusternetNames.ManagedClusterRole, NamespaceProperty = dedicated },
                Rules = [new V1PolicyRule { ApiGroups = ["*"], Resources = ["*"], Verbs = ["*"] }],
            },
            cancellationToken);
        await CreateOrIgnoreAsync(
            _admin.Resource<V1RoleBinding, V1RoleBindingList>(ResourceDescriptor.For<V1RoleBinding>(namespaced: true), dedicated),
            new V1RoleBinding
            {
                Metadata = new V1ObjectMeta { Name = ClusternetNames.ManagedClusterRole, NamespaceProperty = dedicated },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = ClusternetNames.ManagedClusterRole },
                Subjects = [subject],
            },
            cancellationToken);
    }

    private static async Task CreateOrIgnoreAsync<T, TList>(IResourceClient<T, TList> client, T item, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        try
        {
            await client.CreateAsync(item, cancellationToken: cancellationToken);
        }
        catch (AlreadyExistsException)
        {
        }
    }
}
