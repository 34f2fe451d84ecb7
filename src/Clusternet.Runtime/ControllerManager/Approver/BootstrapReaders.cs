using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Known;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// The time-limited right of bootstrap tokens to read one registration request.
/// </summary>
/// <remarks>
/// <para>
/// Upstream lets every bootstrap token <c>get</c> every request, and an approved request carries the cluster's
/// parent token: anyone holding a bootstrap token and a cluster id (ids are not secret — they label objects and
/// name tunnels) could read that cluster's credentials, forever. RBAC cannot say "the request you created": the
/// API server does not record who created an object, and a rule's resourceNames must be known in advance.
/// </para>
/// <para>
/// So the shipped bootstrap role grants only <c>create</c>, and for each request the approver adds a ClusterRole
/// and ClusterRoleBinding <c>clusternet:bootstrapping:&lt;request&gt;</c> granting <c>get</c> on that one name to the
/// bootstrap group. The grant is removed as soon as the cluster proves it switched to its own credentials (its
/// ManagedCluster status changes after the grant — only the cluster's ServiceAccount writes it), or when
/// <see cref="ClusternetControllerManagerOptions.BootstrapReadWindow"/> has passed. The grant is owned by the request,
/// so deleting the request removes it. What remains: during that window a holder of a bootstrap token of the same
/// group who knows the id can read the request; clusters sharing one bootstrap token cannot be told apart by RBAC at all.
/// </para>
/// </remarks>
internal sealed class BootstrapReaders
{
    private const string BaselineAnnotation = "clusters.clusternet.io/bootstrap-baseline-observed-time";
    private static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(5);

    private readonly ClusterResources _parent;
    private readonly ClusternetControllerManagerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SharedInformer<V1ClusterRoleBinding> _bindings;
    private readonly SharedInformer<ManagedCluster> _clusters;

    public BootstrapReaders(ClusterResources parent, SharedInformerFactory informers, ClusternetControllerManagerOptions options, TimeProvider time, ILogger logger)
    {
        _parent = parent;
        _options = options;
        _time = time;
        _logger = logger;
        _bindings = informers.GetInformer(parent.ClusterRoleBindings(), new SharedInformerOptions
        {
            LabelSelector = $"{ClusternetLabels.ClusterBootstrapping}={ClusternetControllerManagerNames.BootstrapReaderLabelValue}",
        });
        _clusters = informers.GetInformer(parent.ManagedClusters());
    }

    public async Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        await _bindings.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false)
        && await _clusters.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);

    public bool HasReader(string requestName) => _bindings.Lister.Get(ClusternetControllerManagerNames.BootstrapReaderName(requestName)) is not null;

    /// <summary>Grants bootstrap tokens <c>get</c> on the request, recording the cluster's last status report time as the baseline.</summary>
    public async Task GrantAsync(ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        var name = ClusternetControllerManagerNames.BootstrapReaderName(request.Metadata.Name);
        if (_bindings.Lister.Get(name) is not null)
        {
            return;
        }

        var owner = new V1OwnerReference
        {
            ApiVersion = $"{ClusterRegistrationRequest.KubeGroup}/{ClusterRegistrationRequest.KubeApiVersion}",
            Kind = ClusterRegistrationRequest.KubeKind,
            Name = request.Metadata.Name,
            Uid = request.Metadata.Uid,
        };
        var role = new V1ClusterRole { Metadata = Metadata(name, request, owner, null), Rules = ClusterPermissions.BootstrapReaderRules(request.Metadata.Name) };
        // A binding may name a role that does not exist yet (it grants nothing until it does), so both go at once.
        await Task.WhenAll(
            RbacObjects.EnsureClusterRoleAsync(_parent, role, cancellationToken),
            RbacObjects.EnsureClusterRoleBindingAsync(_parent, new V1ClusterRoleBinding
            {
                Metadata = Metadata(name, request, owner, ObservedTime(request.Spec.ClusterId)),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = name },
                Subjects = [ClusterPermissions.BootstrapSubject()],
            }, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Removes the grant once the cluster checked in or the window passed; otherwise says when to look again.</summary>
    public async Task<TimeSpan?> MaintainAsync(ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        var name = ClusternetControllerManagerNames.BootstrapReaderName(request.Metadata.Name);
        var binding = _bindings.Lister.Get(name);
        if (binding is null)
        {
            return null;
        }

        var age = _time.GetUtcNow().UtcDateTime - (binding.Metadata.CreationTimestamp ?? DateTime.UtcNow);
        var baseline = ClusterResources.ValueOf(binding.Metadata.Annotations, BaselineAnnotation) ?? "";
        var checkedIn = request.Status?.Result == ApprovedResult.Approved
            && ObservedTime(request.Spec.ClusterId) is { } observed && observed != baseline;
        if (age < _options.BootstrapReadWindow && !checkedIn)
        {
            var remaining = _options.BootstrapReadWindow - age;
            return remaining < PollPeriod ? remaining : PollPeriod;
        }

        await RbacObjects.DeleteClusterGrantAsync(_parent, name, cancellationToken).ConfigureAwait(false);
        ControllerManagerLog.BootstrapReadRevoked(_logger, request.Metadata.Name);
        return null;
    }

    private string? ObservedTime(string clusterId) =>
        _clusters.Lister.List().FirstOrDefault(c => c.Spec.ClusterId == clusterId)?.Status?.LastObservedTime?.ToUniversalTime().ToString("O");

    private static V1ObjectMeta Metadata(string name, ClusterRegistrationRequest request, V1OwnerReference owner, string? baseline)
    {
        var metadata = RbacObjects.Metadata(name, null, null);
        metadata.Labels[ClusternetLabels.ClusterBootstrapping] = ClusternetControllerManagerNames.BootstrapReaderLabelValue;
        metadata.OwnerReferences = [owner];
        metadata.Annotations[BaselineAnnotation] = baseline ?? "";
        return metadata;
    }
}
