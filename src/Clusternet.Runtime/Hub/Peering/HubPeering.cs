using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Runtime.Tunnel;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Hub.Peering;

/// <summary>
/// One hub replica's part in peering (upstream §2.4, §4.5): publishes and renews its peer Lease in the parent, finds the
/// other replicas' Leases, keeps a link dialed to each live one, ends links to replicas whose Lease expired or went,
/// deletes expired Leases, and accepts other replicas' links when they present the token they published.
/// </summary>
internal sealed class HubPeering : IAsyncDisposable
{
    private const string IdAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private static readonly TimeSpan MaxRedialDelay = TimeSpan.FromSeconds(5);

    private readonly RemoteDialerServer _tunnel;
    private readonly HubPeeringOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IResourceClient<V1Lease, V1LeaseList> _leases;
    private readonly SharedInformer<V1Lease> _informer;
    private readonly SocketsHttpHandler _linkHandler;
    private readonly ConcurrentDictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _holderIdentity;
    private V1Lease? _lease;
    private long _lastCollected = long.MinValue;
    private Task _run = Task.CompletedTask;

    public HubPeering(Kubernetes parent, RemoteDialerServer tunnel, HubPeeringOptions options, TimeProvider time, ILoggerFactory loggerFactory, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(options.AdvertiseAddress))
        {
            throw new ArgumentException("HubPeeringOptions.AdvertiseAddress is required: it is where the other hub replicas dial this one.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.LeaseDuration, TimeSpan.FromSeconds(1));
        if (options.RenewPeriod <= TimeSpan.Zero || options.RenewPeriod >= options.LeaseDuration)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.RenewPeriod, "HubPeeringOptions.RenewPeriod must be positive and shorter than LeaseDuration.");
        }

        _tunnel = tunnel;
        _options = options;
        _time = time;
        _logger = logger;
        Id = new string(RandomNumberGenerator.GetItems<char>(IdAlphabet, 5));
        Token = options.Token is { Length: > 0 } token ? token : Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        _holderIdentity = JsonSerializer.Serialize(
            new PeerInfo($"{Environment.MachineName}_{Guid.NewGuid()}", Id, options.AdvertiseAddress, options.Port, Token), PeerInfoContext.Default.PeerInfo);
        _leases = parent.Resource<V1Lease, V1LeaseList>(ResourceDescriptor.For<V1Lease>(namespaced: true), options.LeaseNamespace);
        _informer = SharedInformer.Create(_leases, timeProvider: time, loggerFactory: loggerFactory);
        _linkHandler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = TrustOnly(options.CertificateAuthority),
                RemoteCertificateValidationCallback = options.CertificateAuthority is null ? static (_, _, _, _) => true : null,
            },
        };
    }

    /// <summary>This replica's peer id: five characters, new at every start, as upstream's.</summary>
    public string Id { get; }

    /// <summary>The token other replicas present to link to this one.</summary>
    public string Token { get; }

    /// <summary>This replica's Lease name.</summary>
    public string LeaseName => HubPeeringOptions.LeaseNamePrefix + Id;

    /// <summary>The peers currently linked or being linked, by id.</summary>
    public IReadOnlyCollection<string> PeerIds => _peers.Keys.ToArray();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _informer.StartAsync(cancellationToken).ConfigureAwait(false);
        _run = Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Deletes this replica's Lease so the others let go at once, then stops linking and ends every link.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // Also when the last renewal failed: the Lease may exist all the same (404 when it does not).
        try
        {
            await _leases.DeleteAsync(LeaseName, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not NotFoundException)
        {
            // It expires and the others' GC deletes it.
            HubLog.LeaseFailed(_logger, LeaseName, e);
        }

        foreach (var id in _peers.Keys)
        {
            Forget(id);
        }

        try
        {
            await _informer.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _informer.DisposeAsync().ConfigureAwait(false);
        _linkHandler.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Serves another replica's link request at <c>/connect</c>.</summary>
    public Task HandleAsync(HttpContext context) => _tunnel.HandlePeerAsync(context, Authenticate);

    /// <summary>Whether <paramref name="token"/> is the one the live peer <paramref name="peerId"/> published.</summary>
    public bool Authenticate(string peerId, string token) =>
        _peers.TryGetValue(peerId, out var peer)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(peer.Info.Token), Encoding.UTF8.GetBytes(token));

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RenewAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _lease = null;
                HubLog.LeaseFailed(_logger, LeaseName, e);
            }

            if (_informer.HasSynced)
            {
                try
                {
                    await ReconcileAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    HubLog.ReconcileFailed(_logger, e);
                }
            }

            try
            {
                await Task.Delay(_options.RenewPeriod, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var seconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
        if (_lease is not null)
        {
            _lease.Spec.RenewTime = now;
            try
            {
                _lease = await _leases.UpdateAsync(_lease, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is NotFoundException or ConflictException)
            {
                // Deleted (by another replica's GC after a long pause) or written by someone else: write it anew.
            }
        }

        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = LeaseName, NamespaceProperty = _options.LeaseNamespace },
            Spec = new V1LeaseSpec { HolderIdentity = _holderIdentity, LeaseDurationSeconds = seconds, AcquireTime = now, RenewTime = now, LeaseTransitions = 0 },
        };
        try
        {
            _lease = await _leases.CreateAsync(lease, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var current = await _leases.GetAsync(LeaseName, cancellationToken).ConfigureAwait(false);
            current.Spec = lease.Spec;
            _lease = await _leases.UpdateAsync(current, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var collect = _lastCollected == long.MinValue || _time.GetElapsedTime(_lastCollected) >= _options.LeaseDuration;
        var live = new Dictionary<string, PeerInfo>(StringComparer.Ordinal);
        foreach (var lease in _informer.Lister.List())
        {
            var name = lease.Metadata.Name;
            if (!name.StartsWith(HubPeeringOptions.LeaseNamePrefix, StringComparison.Ordinal) || name == LeaseName)
            {
                continue;
            }

            if (IsExpired(lease, now))
            {
                if (collect)
                {
                    await DeleteExpiredAsync(lease, cancellationToken).ConfigureAwait(false);
                }

                continue;
            }

            // The id is the Lease name's suffix, as upstream removes peers by it; the holder identity must agree.
            if (ParsePeer(lease.Spec.HolderIdentity) is { } info && info.Id == name[HubPeeringOptions.LeaseNamePrefix.Length..])
            {
                live[info.Id] = info;
            }
        }

        if (collect)
        {
            _lastCollected = _time.GetTimestamp();
        }

        foreach (var id in _peers.Keys)
        {
            if (!live.TryGetValue(id, out var info) || info != _peers[id].Info)
            {
                Forget(id);
            }
        }

        foreach (var (id, info) in live)
        {
            if (!_peers.ContainsKey(id))
            {
                var peer = new Peer(info, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken));
                _peers[id] = peer;
                HubLog.PeerFound(_logger, id, info.Host, info.Port);
                peer.Link = Task.Run(() => LinkAsync(peer), CancellationToken.None);
            }
        }
    }

    private async Task DeleteExpiredAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            // Only the state judged expired: a replica that renewed meanwhile keeps its Lease (409 on the precondition).
            await _leases.DeleteAsync(
                lease.Metadata.Name,
                new DeleteOptions { PreconditionResourceVersion = lease.Metadata.ResourceVersion },
                cancellationToken).ConfigureAwait(false);
            HubLog.ExpiredLeaseDeleted(_logger, lease.Metadata.Name);
        }
        catch (Exception e) when (e is NotFoundException or ConflictException)
        {
        }
    }

    private async Task LinkAsync(Peer peer)
    {
        var info = peer.Info;
        var host = info.Host.Contains(':', StringComparison.Ordinal) && !info.Host.StartsWith('[') ? $"[{info.Host}]" : info.Host;
        var uri = new Uri(info.Port > 0 ? $"wss://{host}:{info.Port}/connect" : $"wss://{host}/connect");
        var delay = TimeSpan.FromMilliseconds(250);
        using var stopping = peer.Stopping;
        var cancellationToken = stopping.Token;
        while (!cancellationToken.IsCancellationRequested)
        {
            var started = _time.GetTimestamp();
            Exception? error = null;
            try
            {
                await _tunnel.RunPeerLinkAsync(info.Id, uri, Id, Token, _linkHandler, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                error = e;
            }

            // Upstream waits 5 s after every end; this backs off from 0.25 s (jittered, doubling up to 5 s) and starts
            // over after a link that lasted, so a restarted replica is linked again within a second or two.
            if (_time.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                delay = TimeSpan.FromMilliseconds(250);
            }

            var wait = delay * (0.5 + Random.Shared.NextDouble());
            HubLog.PeerLinkRetry(_logger, info.Id, wait, error);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRedialDelay.Ticks));
            try
            {
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Forget(string id)
    {
        if (_peers.TryRemove(id, out var peer))
        {
            HubLog.PeerGone(_logger, id);
            try
            {
                peer.Stopping.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The link already ended (this replica is stopping) and disposed it.
            }
        }

        _tunnel.ClosePeer(id);
    }

    private static bool IsExpired(V1Lease lease, DateTime now) =>
        lease.Spec?.RenewTime is not { } renewed
        || lease.Spec.LeaseDurationSeconds is not { } seconds
        || renewed.ToUniversalTime().AddSeconds(seconds) < now;

    /// <summary>The holder identity a hub publishes, or null when it is not one (any field missing).</summary>
    internal static PeerInfo? ParsePeer(string? holderIdentity)
    {
        if (string.IsNullOrEmpty(holderIdentity))
        {
            return null;
        }

        try
        {
            var info = JsonSerializer.Deserialize(holderIdentity, PeerInfoContext.Default.PeerInfo);
            return info is { Id.Length: > 0, Host.Length: > 0, Token.Length: > 0 } ? info : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static X509ChainPolicy TrustOnly(string? caPem)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        if (caPem is not null)
        {
            policy.CustomTrustStore.ImportFromPem(caPem);
        }

        return policy;
    }

    /// <summary>A peer Lease's holder identity, upstream's JSON field names.</summary>
    internal sealed record PeerInfo(
        [property: JsonPropertyName("identity")] string? Identity,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("host")] string Host,
        [property: JsonPropertyName("port")] int Port,
        [property: JsonPropertyName("token")] string Token);

    private sealed class Peer(PeerInfo info, CancellationTokenSource stopping)
    {
        public PeerInfo Info { get; } = info;

        public CancellationTokenSource Stopping { get; } = stopping;

        public Task Link { get; set; } = Task.CompletedTask;
    }

}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HubPeering.PeerInfo))]
internal sealed partial class PeerInfoContext : JsonSerializerContext;
