using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// Approves ClusterRegistrationRequests (upstream's approver, §1.5): checks the request, then gives the cluster a
/// dedicated namespace, a ManagedCluster, a ServiceAccount with a token Secret and least-privilege RBAC
/// (<see cref="DedicatedObjects"/>), and writes the token and the parent's CA into the request's status. Existing
/// objects are found (by labels or fixed names) before anything is created, so a restart mid-way or a re-posted request
/// never makes twins. The token controller fills the Secret asynchronously: the request is looked at again when the
/// Secret's informer sees the token, not on a timer.
/// </summary>
internal sealed class RegistrationApprover
{
    private const string Controller = "approver";

    /// <summary>A safety net only: the Secret's update event normally brings the request back long before.</summary>
    private static readonly TimeSpan TokenRecheck = TimeSpan.FromSeconds(5);

    private readonly ClusterResources _parent;
    private readonly ClusternetControllerManagerOptions _options;
    private readonly ILogger _logger;
    private readonly SharedInformer<ClusterRegistrationRequest> _requests;
    private readonly RateLimitingQueue<string> _queue;
    private readonly BootstrapReaders _readers;
    private readonly DedicatedObjects _objects;

    public RegistrationApprover(ClusterResources parent, SharedInformerFactory informers, ClusternetControllerManagerOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _parent = parent;
        _options = options;
        _logger = logger;
        _queue = new RateLimitingQueue<string>(timeProvider: timeProvider);
        _requests = informers.GetInformer(parent.RegistrationRequests());
        _readers = new BootstrapReaders(parent, informers, options, timeProvider, logger);
        _objects = new DedicatedObjects(parent, informers);
        _requests.AddEventHandler(new ResourceEventHandler<ClusterRegistrationRequest>
        {
            Added = (r, _) => _queue.Add(r.Metadata.Name),
            Updated = (_, r) => _queue.Add(r.Metadata.Name),
            Deleted = (r, _) => _objects.Forget(r.Spec?.ClusterId ?? ""),
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

        // The token controller filled a cluster's token Secret: its request can be answered now.
        _objects.Secrets.AddEventHandler(new ResourceEventHandler<V1Secret>
        {
            Added = (s, _) => TokenFilled(s),
            Updated = (_, s) => TokenFilled(s),
        });
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await _requests.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false)
            || !await _readers.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false)
            || !await _objects.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        await ReconcileLoop.RunAsync(_queue, _options.Workers, Controller, ReconcileAsync, _logger, cancellationToken).ConfigureAwait(false);
    }

    private void TokenFilled(V1Secret secret)
    {
        if (secret.Data?.ContainsKey(ClusternetSecretKeys.Token) != true
            || ClusterResources.ValueOf(secret.Metadata.Labels, ClusternetLabels.ClusterId) is not { Length: > 0 } id)
        {
            return;
        }

        var name = ClusternetNames.RegistrationRequestName(id);
        if (_requests.Lister.Get(name) is { } request && string.IsNullOrEmpty(request.Status?.Result))
        {
            _queue.Add(name);
        }
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
            _objects.Forget(request.Spec.ClusterId);
            return await _readers.MaintainAsync(request, cancellationToken).ConfigureAwait(false);
        }

        // The requester may read its request (and the verdict) from now on, before anything is decided; granting
        // runs beside making the cluster's objects, but always ends before a verdict is written.
        var grant = _readers.GrantAsync(request, cancellationToken);
        var rejection = RegistrationRequestValidation.Check(request);
        Registration? registration;
        try
        {
            registration = rejection is null ? await _objects.EnsureAsync(request, cancellationToken).ConfigureAwait(false) : null;
        }
        finally
        {
            await grant.ConfigureAwait(false);
        }

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
            return TokenRecheck;
        }

        await WriteStatusAsync(request, new ClusterRegistrationRequestStatus
        {
            Result = ApprovedResult.Approved,
            DedicatedNamespace = registration.Namespace,
            ManagedClusterName = registration.ManagedCluster,
            Token = registration.Token,
            CaCertificate = registration.CaCertificate,
        }, cancellationToken).ConfigureAwait(false);
        _objects.Forget(request.Spec.ClusterId);
        ControllerManagerLog.Approved(_logger, name, request.Spec.ClusterId, registration.Namespace!, registration.ManagedCluster!);
        return TimeSpan.FromSeconds(1);
    }

    private async Task WriteStatusAsync(ClusterRegistrationRequest request, ClusterRegistrationRequestStatus status, CancellationToken cancellationToken)
    {
        var copy = ClusterResources.Copy(request);
        copy.Status = status;
        await _parent.RegistrationRequests().UpdateStatusAsync(copy, cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
