using System.Text;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Registers the child with the parent (upstream §1.4–1.8): sends <c>ClusterRegistrationRequest clusternet-&lt;id&gt;</c>, waits for
/// the approver's answer, keeps the returned credentials in the child's <c>parent-cluster</c> Secret and hands back a
/// connection that uses them.
/// </summary>
internal sealed class ClusterRegistration(
    ClusternetAgentOptions options,
    Kubernetes child,
    Action<Func<ClusternetAgentStatus, ClusternetAgentStatus>> setStatus,
    ILogger logger)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    /// <summary>The first wait before looking at a new registration request's answer; doubled up to <see cref="MaxPoll"/>.</summary>
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between looks at a pending request (RetryPeriod when shorter).</summary>
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(2);

    private string? _clusterName = string.IsNullOrEmpty(options.ClusterName) ? null : options.ClusterName;
    private bool _watchRefused;

    private IResourceClient<V1Secret, V1SecretList> ChildSecrets =>
        child.Resource<V1Secret, V1SecretList>(ResourceDescriptor.For<V1Secret>(namespaced: true), options.LeaderElection.Namespace);

    /// <summary>
    /// Returns a connection with the cluster's dedicated credentials once the parent approved it. With
    /// <paramref name="parentForgot"/> the stored credentials are not tried and an approved request whose cluster is gone
    /// is deleted (when the parent allows it) so that it is approved again.
    /// </summary>
    public async Task<ParentConnection> RegisterAsync(string clusterId, bool parentForgot, CancellationToken cancellationToken)
    {
        var stored = parentForgot ? null : await ReadStoredAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (stored is null && options.ParentCertificateAuthority is null)
            {
                AgentLog.InsecureBootstrap(logger, options.ParentUrl!);
            }

            var parent = stored ?? ParentConnection.ForBootstrap(options);
            try
            {
                return await RequestApprovalAsync(parent, clusterId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (stored is not null && e is not OperationCanceledException)
            {
                AgentLog.StoredCredentialsFailed(logger, e);
                stored = null;
                continue;
            }
            catch (KubernetesApiException e) when (e is UnauthorizedException or ForbiddenException)
            {
                var message = $"{(int)e.StatusCode} {e.StatusCode}: {e.Status.Message}";
                AgentLog.RegistrationRefused(logger, clusterId, message);
                setStatus(s => s with { Phase = ClusternetAgentPhase.Refused, Message = message });
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.RegistrationFailed(logger, e);
                setStatus(s => s with { Message = e.Message });
            }
            finally
            {
                parent.Dispose();
            }

            await Task.Delay(Jitter(options.RetryPeriod), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ParentConnection> RequestApprovalAsync(ParentConnection parent, string clusterId, CancellationToken cancellationToken)
    {
        var requests = parent.Kubernetes.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>();
        var name = ClusternetNames.ObjectPrefix + clusterId;
        _clusterName ??= await ReadStoredNameAsync(cancellationToken).ConfigureAwait(false) ?? GenerateName();
        setStatus(s => s with { Phase = ClusternetAgentPhase.Registering, ClusterId = clusterId, ClusterName = _clusterName, Message = null });
        // An answer to a request this call saw pending (or created) is fresh: its token was issued moments ago for a
        // ManagedCluster the approver just made, so it need not be checked against the parent before use.
        var fresh = await CreateRequestAsync(requests, name, clusterId, cancellationToken).ConfigureAwait(false);
        AgentLog.RequestSent(logger, name, parent.ParentUrl);

        string? lastAnswer = null;
        // The approver usually answers within a second, so the first looks come quickly and back off to at most
        // MaxPoll (upstream looks every RetryPeriod from the start, which makes every registration take at least that
        // long); between looks the agent watches the request, so an answer is picked up as soon as it is written.
        var poll = TimeSpan.FromTicks(Math.Min(FirstPoll.Ticks, options.RetryPeriod.Ticks));
        var maxPoll = TimeSpan.FromTicks(Math.Min(MaxPoll.Ticks, options.RetryPeriod.Ticks));
        ClusterRegistrationRequest? changed = null;
        var justCreated = fresh;
        while (true)
        {
            if (justCreated)
            {
                // A request created moments ago cannot be readable yet (the approver grants the read once it has seen
                // the request), nor answered: wait for the first look instead of spending a GET on a certain 403.
                justCreated = false;
                await Task.Delay(Jitter(poll), options.TimeProvider, cancellationToken).ConfigureAwait(false);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, maxPoll.Ticks));
            }

            ClusterRegistrationRequest request;
            try
            {
                // The object a watch event carried is as current as a GET would be.
                request = changed ?? await requests.GetAsync(name, cancellationToken).ConfigureAwait(false);
                changed = null;
            }
            catch (NotFoundException)
            {
                // Deleted by the parent (or by us, being stale): ask again.
                justCreated = await CreateRequestAsync(requests, name, clusterId, cancellationToken).ConfigureAwait(false);
                fresh |= justCreated;
                continue;
            }
            catch (ForbiddenException e)
            {
                // The approver grants bootstrap tokens the right to read a request only once it has seen it, so a look
                // right after creating it is refused; keep looking (backing off) rather than starting over.
                setStatus(s => s with { Message = $"registration request {name} is not readable yet: {e.Status.Message}" });
                await Task.Delay(Jitter(poll), options.TimeProvider, cancellationToken).ConfigureAwait(false);
                poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, maxPoll.Ticks));
                continue;
            }

            if (request.Metadata.Labels?.TryGetValue(ClusternetLabels.ClusterName, out var adopted) == true && !string.IsNullOrEmpty(adopted))
            {
                _clusterName = adopted;
            }

            var status = request.Status;
            if (status?.Result == ApprovedResult.Approved)
            {
                var dedicated = await AcceptAsync(parent, requests, request, clusterId, verify: !fresh, cancellationToken).ConfigureAwait(false);
                if (dedicated is not null)
                {
                    return dedicated;
                }
            }
            else if (string.IsNullOrEmpty(status?.Result))
            {
                fresh = true;
            }
            else if (status?.Result is { Length: > 0 } result)
            {
                var answer = $"{result}: {status.ErrorMessage}";
                if (answer != lastAnswer)
                {
                    AgentLog.RegistrationDenied(logger, name, result, status.ErrorMessage);
                    lastAnswer = answer;
                }

                setStatus(s => s with { Phase = ClusternetAgentPhase.Denied, Message = $"registration request {name} {answer}" });
            }

            changed = await WaitForChangeAsync(requests, name, request.Metadata.ResourceVersion, poll, cancellationToken).ConfigureAwait(false);
            poll = TimeSpan.FromTicks(Math.Min(poll.Ticks * 2, maxPoll.Ticks));
        }
    }

    /// <summary>
    /// Waits until the request changes after <paramref name="resourceVersion"/>, or at most about <paramref name="timeout"/>,
    /// and returns the changed request (null when it timed out, was deleted or the watch failed: the caller reads it again).
    /// The approver's read grant covers a watch confined to the request's name, so an answer is seen the moment it is
    /// written instead of at the next look; a parent that refuses the watch (an approver granting only get) is polled.
    /// </summary>
    private async Task<ClusterRegistrationRequest?> WaitForChangeAsync(
        IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> requests,
        string name,
        string? resourceVersion,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        if (!_watchRefused && !string.IsNullOrEmpty(resourceVersion))
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            window.CancelAfter(Jitter(timeout));
            try
            {
                var watch = new WatchOptions { FieldSelector = "metadata.name=" + name, ResourceVersion = resourceVersion, AllowWatchBookmarks = false };
                await foreach (var change in requests.WatchAsync(watch, window.Token).ConfigureAwait(false))
                {
                    if (change.Type is WatchEventType.Modified)
                    {
                        return change.Object;
                    }

                    if (change.Type is WatchEventType.Deleted)
                    {
                        return null;
                    }
                }

                return null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (ForbiddenException)
            {
                _watchRefused = true;
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException)
            {
                // The next look at the request tells what went wrong; waiting first keeps a failing parent from being hammered.
            }
        }

        await Task.Delay(Jitter(timeout), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// Checks the approved credentials against the parent (unless <paramref name="verify"/> is false: a fresh approval) and
    /// stores them; null when the approval is stale (its token is refused or its ManagedCluster is gone), after trying to delete
    /// the request so the approver answers it afresh.
    /// </summary>
    private async Task<ParentConnection?> AcceptAsync(
        ParentConnection parent,
        IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> requests,
        ClusterRegistrationRequest request,
        string clusterId,
        bool verify,
        CancellationToken cancellationToken)
    {
        var status = request.Status!;
        if (status.Token is not { Length: > 0 } token || status.CaCertificate is not { Length: > 0 } ca || string.IsNullOrEmpty(status.DedicatedNamespace))
        {
            setStatus(s => s with { Message = $"registration request {request.Metadata.Name} is approved without token, CA or namespace" });
            return null;
        }

        var dedicated = ParentConnection.ForCluster(options.ParentUrl!, Encoding.UTF8.GetString(token), ca, status.DedicatedNamespace);
        var staleReason = verify ? await StaleReasonAsync(dedicated, status.DedicatedNamespace, clusterId, cancellationToken).ConfigureAwait(false) : null;
        if (staleReason is not null)
        {
            AgentLog.ParentForgotCluster(logger, clusterId, $"registration request approved, but {staleReason}");
            setStatus(s => s with { Phase = ClusternetAgentPhase.Registering, Message = $"registration request {request.Metadata.Name} is approved, but {staleReason}" });
            await DeleteStaleRequestAsync(request, requests, dedicated, cancellationToken).ConfigureAwait(false);
            dedicated.Dispose();
            return null;
        }

        await StoreAsync(dedicated, clusterId, token, ca, cancellationToken).ConfigureAwait(false);
        AgentLog.Registered(logger, clusterId, _clusterName!, status.DedicatedNamespace);
        setStatus(s => s with
        {
            Phase = ClusternetAgentPhase.Registered,
            ClusterName = status.ManagedClusterName ?? _clusterName,
            DedicatedNamespace = status.DedicatedNamespace,
            Message = null,
        });
        return dedicated;
    }

    /// <summary>Why approved credentials are no good any more (token refused, ManagedCluster gone), or null when they work.</summary>
    private static async Task<string?> StaleReasonAsync(ParentConnection dedicated, string dedicatedNamespace, string clusterId, CancellationToken cancellationToken)
    {
        try
        {
            var clusters = await dedicated.Kubernetes.Resource<ManagedCluster, ManagedClusterList>(dedicatedNamespace)
                .ListAsync(new ListOptions { LabelSelector = $"{ClusternetLabels.ClusterId}={clusterId}" }, cancellationToken).ConfigureAwait(false);
            return clusters.Items.Count == 0 ? "its ManagedCluster is gone" : null;
        }
        catch (UnauthorizedException)
        {
            return "its token is refused";
        }
        catch
        {
            dedicated.Dispose();
            throw;
        }
    }

    private async Task DeleteStaleRequestAsync(
        ClusterRegistrationRequest request,
        IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> requests,
        ParentConnection dedicated,
        CancellationToken cancellationToken)
    {
        // Upstream grants neither the bootstrap token nor the cluster's account a delete; a parent that wants self-healing grants
        // the cluster's account delete on its own request. Otherwise an administrator (or the lifecycle controller) deletes it.
        var precondition = new DeleteOptions { PreconditionUid = request.Metadata.Uid };
        var name = request.Metadata.Name;
        var refusal = 0;
        foreach (var client in new[] { dedicated.Kubernetes.Resource<ClusterRegistrationRequest, ClusterRegistrationRequestList>(), requests })
        {
            try
            {
                await client.DeleteAsync(name, precondition, cancellationToken).ConfigureAwait(false);
                AgentLog.StaleRequestDeleted(logger, name);
                return;
            }
            catch (NotFoundException)
            {
                return;
            }
            catch (KubernetesApiException e) when (e is UnauthorizedException or ForbiddenException or ConflictException)
            {
                refusal = (int)e.StatusCode;
            }
        }

        AgentLog.StaleRequestNotDeletable(logger, name, refusal);
    }

    /// <summary>Posts the request; true when it was created, false when one of that name was there already.</summary>
    private async Task<bool> CreateRequestAsync(
        IResourceClient<ClusterRegistrationRequest, ClusterRegistrationRequestList> requests, string name, string clusterId, CancellationToken cancellationToken)
    {
        var request = new ClusterRegistrationRequest
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    [ClusternetLabels.ClusterRegisteredBy] = ClusternetLabelValues.AgentName,
                    [ClusternetLabels.ClusterId] = clusterId,
                    [ClusternetLabels.ClusterName] = _clusterName!,
                },
            },
            Spec = new ClusterRegistrationRequestSpec
            {
                ClusterId = clusterId,
                ClusterType = options.ClusterType,
                ClusterName = _clusterName,
                ClusterNamespace = string.IsNullOrEmpty(options.ClusterNamespace) ? null : options.ClusterNamespace,
                SyncMode = options.SyncMode,
                ClusterLabels = options.ClusterLabels.Count == 0 ? null : new Dictionary<string, string>(options.ClusterLabels),
            },
        };
        try
        {
            await requests.CreateAsync(request, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AlreadyExistsException)
        {
            // Upstream leaves an existing request (and its spec) as it is.
            return false;
        }
    }

    private async Task<ParentConnection?> ReadStoredAsync(CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await ChildSecrets.GetAsync(ClusternetNames.ParentClusterSecret, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            return null;
        }

        var data = secret.Data ?? new Dictionary<string, byte[]>();
        var storedUrl = data.TryGetValue(ClusternetSecretKeys.ApiServerUrl, out var url) ? Encoding.UTF8.GetString(url) : null;
        if (!SameUrl(storedUrl, options.ParentUrl!))
        {
            AgentLog.StoredCredentialsForOtherParent(logger, storedUrl, options.ParentUrl!);
            return null;
        }

        if (!data.TryGetValue(ClusternetSecretKeys.Token, out var token) || !data.TryGetValue(ClusternetSecretKeys.CaCertificate, out var ca)
            || !data.TryGetValue(ClusternetSecretKeys.Namespace, out var ns))
        {
            return null;
        }

        return ParentConnection.ForCluster(options.ParentUrl!, Encoding.UTF8.GetString(token), ca, Encoding.UTF8.GetString(ns));
    }

    private async Task<string?> ReadStoredNameAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await ChildSecrets.GetAsync(ClusternetNames.ParentClusterSecret, cancellationToken).ConfigureAwait(false);
            return secret.Metadata.Labels?.TryGetValue(ClusternetLabels.ClusterName, out var name) == true && name.Length > 0 ? name : null;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private async Task StoreAsync(ParentConnection dedicated, string clusterId, byte[] token, byte[] ca, CancellationToken cancellationToken)
    {
        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = ClusternetNames.ParentClusterSecret,
                NamespaceProperty = options.LeaderElection.Namespace,
                Labels = new Dictionary<string, string>
                {
                    [ClusternetLabels.ClusterBootstrapping] = ClusternetLabelValues.CredentialsAuto,
                    [ClusternetLabels.ClusterId] = clusterId,
                    [ClusternetLabels.ClusterName] = _clusterName!,
                },
            },
            Data = new Dictionary<string, byte[]>
            {
                [ClusternetSecretKeys.CaCertificate] = ca,
                [ClusternetSecretKeys.Token] = token,
                [ClusternetSecretKeys.Namespace] = Encoding.UTF8.GetBytes(dedicated.DedicatedNamespace!),
                [ClusternetSecretKeys.ApiServerUrl] = Encoding.UTF8.GetBytes(options.ParentUrl!.OriginalString),
            },
        };
        try
        {
            await ChildSecrets.CreateAsync(secret, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await ChildSecrets.GetAsync(secret.Metadata.Name, cancellationToken).ConfigureAwait(false);
            secret.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await ChildSecrets.UpdateAsync(secret, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool SameUrl(string? stored, Uri current) =>
        stored is not null && string.Equals(stored.TrimEnd('/'), current.OriginalString.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private string GenerateName()
    {
        Span<char> suffix = stackalloc char[ClusternetDefaults.RandomIdLength];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = NameAlphabet[Random.Shared.Next(NameAlphabet.Length)];
        }

        return $"{options.ClusterNamePrefix}-{suffix}";
    }

    internal static TimeSpan Jitter(TimeSpan period) => period * (1 + (Random.Shared.NextDouble() * 0.4));
}
