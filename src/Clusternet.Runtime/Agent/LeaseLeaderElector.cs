using Clusternet.Clients;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1), with client-go's rules: a replica takes the Lease when nobody
/// holds it or when its record has not changed for a whole lease duration as measured on the candidate's own clock (so
/// clock skew between replicas does not matter); the leader renews every retry period and stops leading when it could not
/// renew within the renew deadline. On shutdown the leader releases the Lease so another replica takes over at once.
/// </summary>
internal sealed class LeaseLeaderElector(
    IResourceClient<V1Lease, V1LeaseList> leases,
    ClusternetAgentLeaderElectionOptions options,
    TimeProvider time,
    ILogger logger)
{
    private string? _observedHolder;
    private DateTime? _observedRenewTime;
    private long _observedAt;

    /// <summary>
    /// The Lease as last written or read by this replica (null before the first success), so that the leader can read the
    /// cluster id (the Lease's uid) without another GET.
    /// </summary>
    public V1Lease? Lease { get; private set; }

    /// <summary>
    /// Runs <paramref name="lead"/> while this replica holds the Lease, cancelling its token when leadership is lost, and
    /// campaigns again afterwards. Returns when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> lead, Action<bool> leadingChanged, CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            await EnsureLeaseAsync(cancellationToken).ConfigureAwait(false);
            leadingChanged(true);
            while (true)
            {
                try
                {
                    await lead(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    AgentLog.WorkFailed(logger, e);
                }

                await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
        }

        while (!cancellationToken.IsCancellationRequested)
        {
            await AcquireAsync(cancellationToken).ConfigureAwait(false);
            AgentLog.StartedLeading(logger, options.Identity, options.Namespace, options.Name);
            leadingChanged(true);
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var work = Task.Run(() => lead(leading.Token), CancellationToken.None);
            await RenewUntilLostAsync(work, leading.Token).ConfigureAwait(false);
            await leading.CancelAsync().ConfigureAwait(false);
            var failed = false;
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                // The work is meant to run until cancelled; if it fails, campaign again after a pause rather than end the host.
                AgentLog.WorkFailed(logger, e);
                failed = true;
            }

            leadingChanged(false);
            if (cancellationToken.IsCancellationRequested)
            {
                await ReleaseAsync().ConfigureAwait(false);
                return;
            }

            AgentLog.StoppedLeading(logger, options.Identity);
            if (failed)
            {
                await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                Lease = await leases.GetAsync(options.Name, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NotFoundException)
            {
                try
                {
                    Lease = await leases.CreateAsync(NewLease(holder: null), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return;
                }
                catch (AlreadyExistsException)
                {
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    AgentLog.LeaseFailed(logger, options.Namespace, options.Name, e);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.LeaseFailed(logger, options.Namespace, options.Name, e);
            }

            await Task.Delay(options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.LeaseFailed(logger, options.Namespace, options.Name, e);
            }

            await Task.Delay(Jitter(options.RetryPeriod), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Renews every retry period; returns when a renewal deadline passed, another replica took the Lease, or the work ended.</summary>
    private async Task RenewUntilLostAsync(Task work, CancellationToken cancellationToken)
    {
        var lastRenewed = time.GetTimestamp();
        while (!cancellationToken.IsCancellationRequested && !work.IsCompleted)
        {
            try
            {
                await Task.WhenAny(work, Task.Delay(options.RetryPeriod, time, cancellationToken)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (cancellationToken.IsCancellationRequested || work.IsCompleted)
            {
                return;
            }

            try
            {
                if (await TryAcquireOrRenewAsync(cancellationToken).ConfigureAwait(false))
                {
                    lastRenewed = time.GetTimestamp();
                    continue;
                }

                if (_observedHolder != options.Identity)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                AgentLog.LeaseFailed(logger, options.Namespace, options.Name, e);
            }

            if (time.GetElapsedTime(lastRenewed) >= options.RenewDeadline)
            {
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        V1Lease lease;
        try
        {
            lease = await leases.GetAsync(options.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            try
            {
                Lease = await leases.CreateAsync(NewLease(options.Identity), cancellationToken: cancellationToken).ConfigureAwait(false);
                Observe(options.Identity, now);
                return true;
            }
            catch (AlreadyExistsException)
            {
                return false;
            }
        }

        lease.Spec ??= new V1LeaseSpec();
        var holder = lease.Spec.HolderIdentity;
        if (holder != _observedHolder || lease.Spec.RenewTime != _observedRenewTime)
        {
            Observe(holder, lease.Spec.RenewTime);
        }

        var heldByOther = !string.IsNullOrEmpty(holder) && holder != options.Identity;
        if (heldByOther && time.GetElapsedTime(_observedAt) < LeaseDurationOf(lease))
        {
            return false;
        }

        if (holder != options.Identity)
        {
            lease.Spec.AcquireTime = now;
            lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
        }

        lease.Spec.HolderIdentity = options.Identity;
        lease.Spec.LeaseDurationSeconds = (int)Math.Max(1, options.LeaseDuration.TotalSeconds);
        lease.Spec.RenewTime = now;
        try
        {
            var updated = await leases.UpdateAsync(lease, cancellationToken: cancellationToken).ConfigureAwait(false);
            Lease = updated;
            Observe(options.Identity, updated.Spec?.RenewTime);
            return true;
        }
        catch (ConflictException)
        {
            return false;
        }
    }

    private TimeSpan LeaseDurationOf(V1Lease lease) =>
        lease.Spec?.LeaseDurationSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : options.LeaseDuration;

    private void Observe(string? holder, DateTime? renewTime)
    {
        _observedHolder = holder;
        _observedRenewTime = renewTime;
        _observedAt = time.GetTimestamp();
    }

    private async Task ReleaseAsync()
    {
        // Clearing the holder lets a standby replica take over at its next attempt instead of after a whole lease duration.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var lease = await leases.GetAsync(options.Name, timeout.Token).ConfigureAwait(false);
            if (lease.Spec?.HolderIdentity != options.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = time.GetUtcNow().UtcDateTime;
            await leases.UpdateAsync(lease, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            AgentLog.LeaseFailed(logger, options.Namespace, options.Name, e);
        }
    }

    private V1Lease NewLease(string? holder)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = options.Name, NamespaceProperty = options.Namespace },
            Spec = new V1LeaseSpec
            {
                HolderIdentity = holder,
                LeaseDurationSeconds = (int)Math.Max(1, options.LeaseDuration.TotalSeconds),
                AcquireTime = holder is null ? null : now,
                RenewTime = holder is null ? null : now,
                LeaseTransitions = 0,
            },
        };
    }

    private static TimeSpan Jitter(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.2));
}
