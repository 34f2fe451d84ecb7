using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// Approves ClusterRegistrationRequests (upstream's approver, §1.5): checks the request, then gives the cluster a
/// dedicated namespace, a ManagedCluster, a ServiceAccount with a token Secret and least-privilege RBAC, and writes
/// the token and the parent's CA into the request's status. Every step finds what an earlier attempt made (by
/// labels or fixed names) before creating, so a restart mid-way or a re-posted request never makes twins.
/// </summary>
internal sealed class RegistrationApprover
{
    private const string Controller = "approver";

    private readonly ClusterResources _parent;
    private readonly ClusternetControllerManagerOptions _options;
    private readonly ILogger _logger;
    private readonly SharedInformer<ClusterRegistrationRequest> _requests;
    private readonly RateLimitingQueue<string> _queue;
    private readonly BootstrapReaders _readers;

    public RegistrationApprover(ClusterResources parent, SharedInformerFactory informers, ClusternetControllerManagerOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _parent = parent;
        _options = options;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(timeProvider: timeProvider);
        _requests = informers.GetInformer(parent.RegistrationRequests());
        _readers = new BootstrapReaders(parent, informers, options, timeProvider, logger);
        _requests.AddEventHandler(new ResourceEventHandler<ClusterRegistrationRequest>
        {
            Added = (r, _) => _queue.Add(r.Metadata.Name),
            Updated = (_, r) => _queue.Add(r.Metadata.Name),
        });

        // A status report is the cluster's proof that it switched to its own credentials: look at its request again
        // so bootstrap tokens lose the right to read it.
        informers.GetInformer(parent.ManagedClusters()).AddEventHandler(new ResourceEventHandler<ManagedCluster>
        {
            Updated = (_, c) =>
            {
                if (_readers.HasReader(ClusternetNames.RegistrationRequestName(c.Spec.ClusterId)))
                {
                    _queue.Add(ClusternetNames.RegistrationRequestName(c.Spec.ClusterId));
                }
            },
        });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await _requests.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false) || !await _readers.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await ReconcileLoop.RunAsync(_queue, _options.Workers, Controller, ReconcileAsync, _logger, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TimeSpan?> ReconcileAsync(string name, CancellationToken cancellationToken)
    {
        var request = _requests.Lister.Get(name);
        if (request is null || request.Metadata.DeletionTimestamp is not null)
        {
            return null;
        }

        if (!string.IsNullOrEmpty(request.Status?.Result))
        {
            // Decided once, never re-decided (as upstream); only the bootstrap read right still moves.
            return await _readers.MaintainAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // The requester may read its request (and the verdict) from now on, before anything is decided.
        await _readers.GrantAsync(request, cancellationToken).ConfigureAwait(false);
        var rejection = RegistrationRequestValidation.Check(request);

        var registration = rejection is null ? await RegisterAsync(request, cancellationToken).ConfigureAwait(false) : null;
        if (registration is { Rejection: { } refused })
        {
            rejection = refused;
        }

        if (rejection is not null)
        {
            await WriteStatusAsync(request, new ClusterRegistrationRequestStatus { Result = rejection.Result, ErrorMessage = rejection.Message }, cancellationToken).ConfigureAwait(false);
            ControllerManagerLog.Rejected(_logger, name, rejection.Result, rejection.Message);
            return TimeSpan.FromSeconds(1);
        }

        if (registration!.Token is null)
        {
            // The token controller fills the Secret asynchronously; look again shortly.
            return TimeSpan.FromMilliseconds(250);
        }

        await WriteStatusAsync(request, new ClusterRegistrationRequestStatus
        {
            Result = ApprovedResult.Approved,
            DedicatedNamespace = registration.Namespace,
            ManagedClusterName = registration.ManagedCluster,
            Token = registration.Token,
            CaCertificate = registration.CaCertificate,
        }, cancellationToken).ConfigureAwait(false);
        ControllerManagerLog.Approved(_logger, name, request.Spec.ClusterId, registration.Namespace!, registration.ManagedCluster!);
        return TimeSpan.FromSeconds(1);
    }

    private async Task<Registration> RegisterAsync(ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var id = spec.ClusterId;
        var owned = new Dictionary<string, string>
        {
            [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.AgentName,
            [ClusternetLabels.ClusterId] = id,
        };
        var labels = new Dictionary<string, string>(owned) { [ClusternetLabels.ClusterName] = spec.ClusterName! };

        // 1. The dedicated namespace.
        var ns = await ClusterResources.FindByLabelsAsync(_parent.Namespaces(), owned, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            if (!string.IsNullOrEmpty(spec.ClusterNamespace))
            {
                var existing = await ClusterResources.GetOrNullAsync(_parent.Namespaces(), spec.ClusterNamespace, cancellationToken).ConfigureAwait(false);
                if (existing is not null)
                {
                    // Upstream would reuse any namespace of that name and give the cluster */*/* in it.
                    return new Registration { Rejection = new Rejection(ApprovedResult.Denied, $"namespace \"{spec.ClusterNamespace}\" already exists and is not dedicated to cluster {id}") };
                }
            }

            ns = await _parent.Namespaces().CreateAsync(new V1Namespace
            {
                Metadata = string.IsNullOrEmpty(spec.ClusterNamespace)
                    ? new V1ObjectMeta { GenerateName = ClusternetNames.ObjectPrefix, Labels = labels }
                    : new V1ObjectMeta { Name = spec.ClusterNamespace, Labels = labels },
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var dedicated = ns.Metadata.Name;

        // 2. The ManagedCluster.
        var cluster = await ClusterResources.FindByLabelsAsync(_parent.ManagedClusters(), owned, cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            var clusterLabels = new Dictionary<string, string>(spec.ClusterLabels ?? new Dictionary<string, string>());
            foreach (var (key, value) in labels)
            {
                clusterLabels[key] = value;
            }

            try
            {
                cluster = await _parent.ManagedClusters(dedicated).CreateAsync(new ManagedCluster
                {
                    Metadata = new V1ObjectMeta { Name = spec.ClusterName, NamespaceProperty = dedicated, Labels = clusterLabels },
                    Spec = new ManagedClusterSpec
                    {
                        ClusterId = id,
                        ClusterType = string.IsNullOrEmpty(spec.ClusterType) ? ClusterType.StandardCluster : spec.ClusterType,
                        SyncMode = string.IsNullOrEmpty(spec.SyncMode) ? ClusterSyncMode.Pull : spec.SyncMode,
                    },
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
                return new Registration { Rejection = new Rejection(ApprovedResult.Denied, $"a ManagedCluster \"{spec.ClusterName}\" that belongs to another cluster already exists in namespace \"{dedicated}\"") };
            }
        }

        // 3. The ServiceAccount and its token Secret (named as the ServiceAccount, as upstream on Kubernetes >= 1.24).
        var account = await ClusterResources.FindByLabelsAsync(_parent.ServiceAccounts(dedicated), owned, cancellationToken).ConfigureAwait(false)
            ?? await _parent.ServiceAccounts(dedicated).CreateAsync(new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta { GenerateName = ClusternetNames.ObjectPrefix, NamespaceProperty = dedicated, Labels = labels },
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var accountName = account.Metadata.Name;
        var secret = await ClusterResources.GetOrNullAsync(_parent.Secrets(dedicated), accountName, cancellationToken).ConfigureAwait(false);
        if (secret is null)
        {
            try
            {
                secret = await _parent.Secrets(dedicated).CreateAsync(new V1Secret
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = accountName,
                        NamespaceProperty = dedicated,
                        Labels = labels,
                        Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = accountName },
                    },
                    Type = "kubernetes.io/service-account-token",
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
                secret = await _parent.Secrets(dedicated).GetAsync(accountName, cancellationToken).ConfigureAwait(false);
            }
        }

        // 4. RBAC: cluster-wide (own request, own tunnel) and in the dedicated namespace.
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = accountName, NamespaceProperty = dedicated };
        var roleName = ClusternetNames.ClusterRoleName(id);
        await RbacObjects.EnsureClusterRoleAsync(_parent, new V1ClusterRole
        {
            Metadata = RbacObjects.Metadata(roleName, null, id),
            Rules = ClusterPermissions.ClusterRules(id),
        }, cancellationToken).ConfigureAwait(false);
        await RbacObjects.EnsureClusterRoleBindingAsync(_parent, new V1ClusterRoleBinding
        {
            Metadata = RbacObjects.Metadata(roleName, null, id),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = roleName },
            Subjects = [subject],
        }, cancellationToken).ConfigureAwait(false);
        await RbacObjects.EnsureRoleAsync(_parent, new V1Role
        {
            Metadata = RbacObjects.Metadata(ClusternetNames.ManagedClusterRole, dedicated, id),
            Rules = ClusterPermissions.NamespaceRules(cluster.Metadata.Name),
        }, cancellationToken).ConfigureAwait(false);
        await RbacObjects.EnsureRoleBindingAsync(_parent, new V1RoleBinding
        {
            Metadata = RbacObjects.Metadata(ClusternetNames.ManagedClusterRole, dedicated, id),
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = ClusternetNames.ManagedClusterRole },
            Subjects = [subject],
        }, cancellationToken).ConfigureAwait(false);

        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var ready = data.TryGetValue(ClusternetSecretKeys.Token, out var token) && token.Length > 0
            && data.TryGetValue(ClusternetSecretKeys.CaCertificate, out var ca) && ca.Length > 0;
        return new Registration
        {
            Namespace = dedicated,
            ManagedCluster = cluster.Metadata.Name,
            Token = ready ? data[ClusternetSecretKeys.Token] : null,
            CaCertificate = ready ? data[ClusternetSecretKeys.CaCertificate] : null,
        };
    }

    private async Task WriteStatusAsync(ClusterRegistrationRequest request, ClusterRegistrationRequestStatus status, CancellationToken cancellationToken)
    {
        var copy = ClusterResources.Copy(request);
        copy.Status = status;
        await _parent.RegistrationRequests().UpdateStatusAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private sealed class Registration
    {
        public Rejection? Rejection { get; init; }

        public string? Namespace { get; init; }

        public string? ManagedCluster { get; init; }

        public byte[]? Token { get; init; }

        public byte[]? CaCertificate { get; init; }
    }
}
