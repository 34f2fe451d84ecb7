using Clusternet.Runtime.Agent;
using k8s;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.Benchmarks.Scenarios;

/// <summary>
/// One simulated agent of the <c>fleet-scale</c> scenario: the real agent's registration, status reporter, parent
/// heartbeat Lease and tunnel (the same classes <see cref="ClusternetAgent"/> runs), without its leader election, its
/// own node informer and its own status collection, which cost only the child and the agent's process: every agent
/// reports the snapshot of one shared <see cref="ClusterStatusCollector"/> running at the default collect period.
/// </summary>
internal sealed class FleetAgent : IAsyncDisposable
{
    private readonly ClusternetAgentOptions _options;
    private readonly Kubernetes _child;
    private readonly ClusterStatusCollector _collector;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _statusLock = new();
    private ClusternetAgentStatus _status = new();
    private ParentConnection? _parent;
    private Task _heartbeats = Task.CompletedTask;
    private Task _tunnel = Task.CompletedTask;
    private int _reports;
    private volatile bool _tunnelConnected;

    public FleetAgent(ClusternetAgentOptions options, Kubernetes child, ClusterStatusCollector collector, ILogger logger)
    {
        _options = options;
        _child = child;
        _collector = collector;
        _logger = logger;
    }

    /// <summary>The cluster id: a fresh uid, as a new Lease in a child would have.</summary>
    public string ClusterId { get; } = Guid.NewGuid().ToString();

    /// <summary>Status reports written so far.</summary>
    public int Reports => Volatile.Read(ref _reports);

    public bool TunnelConnected => _tunnelConnected;

    /// <summary>Registers with the bootstrap token through the real approver and keeps the dedicated credentials.</summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var registration = new ClusterRegistration(_options, _child, SetStatus, _logger);
        _parent = await registration.RegisterAsync(ClusterId, parentForgot: false, cancellationToken);
    }

    /// <summary>
    /// Starts the status reports (the first at once, which makes the cluster Ready) and the Lease renewals. Agents that
    /// registered together would stay in step for ever, unlike a real fleet whose agents started at unrelated times, so
    /// the reporter is restarted once at a random point of its first period and the Lease starts at a random point of
    /// its: from then on the fleet's reports and renewals are spread evenly over their periods.
    /// </summary>
    public void StartHeartbeats() => _heartbeats = Task.Run(() => RunHeartbeatsAsync(_stop.Token));

    /// <summary>Starts the tunnel session to the hub through the parent, kept (and re-dialed) as the real agent does.</summary>
    public void StartTunnel() =>
        _tunnel = Task.Run(() => new AgentTunnel(_options, NullLoggerFactory.Instance, _logger).RunAsync(_parent!, ClusterId, c => _tunnelConnected = c, _stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_heartbeats, _tunnel).ContinueWith(static _ => { }, TaskScheduler.Default);
        _parent?.Dispose();
        _stop.Dispose();
    }

    private async Task RunHeartbeatsAsync(CancellationToken cancellationToken)
    {
        var renew = _options.HeartbeatLeaseRenewPeriod!.Value;
        var lease = Task.Run(
            async () =>
            {
                await Task.Delay(renew * Random.Shared.NextDouble(), cancellationToken);
                await new ParentHeartbeatLease(_options, renew, _logger).RunAsync(_parent!, ClusterId, _options.LeaderElection.Identity, cancellationToken);
            },
            cancellationToken);

        using (var first = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var reporting = new ClusterStatusReporter(_options, _collector, SetStatus, _logger).RunAsync(_parent!, ClusterId, first.Token);
            await Task.Delay(_options.StatusReportPeriod * Random.Shared.NextDouble(), cancellationToken);
            await first.CancelAsync();
            await reporting.ContinueWith(static _ => { }, TaskScheduler.Default);
        }

        await Task.WhenAll(lease, new ClusterStatusReporter(_options, _collector, SetStatus, _logger).RunAsync(_parent!, ClusterId, cancellationToken));
    }

    private void SetStatus(Func<ClusternetAgentStatus, ClusternetAgentStatus> change)
    {
        lock (_statusLock)
        {
            var updated = change(_status);
            if (updated.LastReportTime != _status.LastReportTime)
            {
                _reports++;
            }

            _status = updated;
        }
    }
}

/// <summary>Counts warnings and errors of every simulated agent and keeps the last one, instead of printing them.</summary>
internal sealed class CountingLogger : ILogger
{
    private long _count;
    private string? _last;

    public long Count => Interlocked.Read(ref _count);

    public string? Last => Volatile.Read(ref _last);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        Interlocked.Increment(ref _count);
        Volatile.Write(ref _last, formatter(state, exception) + (exception is null ? "" : ": " + exception.GetBaseException().Message));
    }
}
