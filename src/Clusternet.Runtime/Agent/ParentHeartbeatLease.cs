using Clusternet.Clients;
using Clusternet.Known;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Keeps Lease <c>&lt;dedicated namespace&gt;/&lt;cluster id&gt;</c> in the parent renewed, as kubelets do with their node Leases, so
/// the parent notices a lost agent within seconds without the agent rewriting the whole ManagedCluster status that often.
/// Not upstream: a Go controller manager ignores it. Contract in docs/agent.md.
/// </summary>
internal sealed class ParentHeartbeatLease(ClusternetAgentOptions options, TimeSpan renewPeriod, ILogger logger)
{
    private V1Lease? _lease;
    private bool _createTried;

    /// <summary>Renews until cancelled; throws <see cref="ParentForgotClusterException"/> on 401 or when the namespace is gone.</summary>
    public async Task RunAsync(ParentConnection parent, string clusterId, string holder, CancellationToken cancellationToken)
    {
        var leases = parent.Kubernetes.Resource<V1Lease, V1LeaseList>(ResourceDescriptor.For<V1Lease>(namespaced: true), parent.DedicatedNamespace);
        var durationSeconds = (int)Math.Max(1, Math.Ceiling(renewPeriod.TotalSeconds * 4));
        while (true)
        {
            try
            {
                await RenewAsync(leases, clusterId, holder, durationSeconds, cancellationToken).ConfigureAwait(false);
            }
            catch (UnauthorizedException e)
            {
                throw new ParentForgotClusterException("the parent refuses the cluster's token (401)", e);
            }
            catch (Exception e) when (e is not (OperationCanceledException or ParentForgotClusterException))
            {
                AgentLog.HeartbeatLeaseFailed(logger, parent.DedicatedNamespace!, clusterId, e);
            }

            await Task.Delay(renewPeriod, options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RenewAsync(IResourceClient<V1Lease, V1LeaseList> leases, string clusterId, string holder, int durationSeconds, CancellationToken cancellationToken)
    {
        // One PUT per renewal of the Lease this loop last wrote, as kubelets renew node Leases: a GET first would double
        // what a fleet's heartbeats cost the parent (1,000 clusters: 100 requests/s instead of 200). Only a conflict
        // (someone else wrote it) or a missing Lease costs a read. The first renewal of a run creates the Lease outright:
        // a cluster that has just registered has none, and one that restarted learns so from the 409.
        try
        {
            if (_lease is null && !_createTried)
            {
                _createTried = true;
                try
                {
                    await CreateAsync(leases, clusterId, holder, durationSeconds, cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (AlreadyExistsException)
                {
                }
            }

            if (_lease is not null)
            {
                try
                {
                    _lease = await leases.UpdateAsync(Renewed(_lease, holder, durationSeconds), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (ConflictException)
                {
                }
            }

            _lease = null;
            var current = await leases.GetAsync(clusterId, cancellationToken).ConfigureAwait(false);
            _lease = await leases.UpdateAsync(Renewed(current, holder, durationSeconds), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            _lease = null;
            await CreateAsync(leases, clusterId, holder, durationSeconds, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A failed write leaves the Lease in an unknown state: read it again next time.
            _lease = null;
            throw;
        }
    }

    private V1Lease Renewed(V1Lease lease, string holder, int durationSeconds)
    {
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = holder;
        lease.Spec.LeaseDurationSeconds = durationSeconds;
        lease.Spec.RenewTime = options.TimeProvider.GetUtcNow().UtcDateTime;
        return lease;
    }

    private async Task CreateAsync(IResourceClient<V1Lease, V1LeaseList> leases, string clusterId, string holder, int durationSeconds, CancellationToken cancellationToken)
    {
        var now = options.TimeProvider.GetUtcNow().UtcDateTime;
        try
        {
            _lease = await leases.CreateAsync(
                new V1Lease
                {
                    ApiVersion = "coordination.k8s.io/v1",
                    Kind = "Lease",
                    Metadata = new V1ObjectMeta
                    {
                        Name = clusterId,
                        NamespaceProperty = leases.Namespace,
                        Labels = new Dictionary<string, string>
                        {
                            [ClusternetLabels.ClusterId] = clusterId,
                            [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.AgentName,
                        },
                    },
                    Spec = new V1LeaseSpec { HolderIdentity = holder, LeaseDurationSeconds = durationSeconds, AcquireTime = now, RenewTime = now },
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException e)
        {
            throw new ParentForgotClusterException($"its dedicated namespace {leases.Namespace} is gone", e);
        }
    }
}
