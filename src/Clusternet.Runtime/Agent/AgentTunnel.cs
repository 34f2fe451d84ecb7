using System.Net;
using Clusternet.Runtime.Tunnel;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Keeps a tunnel session with the hub at <c>&lt;parent&gt;/apis/proxies.clusternet.io/v1alpha1/sockets/&lt;cluster id&gt;</c>
/// (upstream §4.1), authenticated with the cluster's dedicated token, letting the hub dial only the child's API server.
/// Lost sessions are re-dialed after a jittered exponential backoff (0.25 s doubling up to 5 s; upstream waits about 5 s
/// every time), which starts over after a session that lasted.
/// </summary>
internal sealed class AgentTunnel(ClusternetAgentOptions options, ILoggerFactory loggerFactory, ILogger logger)
{
    private static readonly TimeSpan StableSession = TimeSpan.FromSeconds(30);

    public async Task RunAsync(ParentConnection parent, string clusterId, Action<bool> connected, CancellationToken cancellationToken)
    {
        var child = new Uri(options.Child!.Host);
        var socketUri = RemoteDialerClientOptions.GetSocketUri(parent.ParentUrl, clusterId);
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(e => e is not OperationCanceledException),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(250),
                MaxDelay = TimeSpan.FromSeconds(5),
                OnRetry = args =>
                {
                    AgentLog.TunnelRetry(logger, args.RetryDelay, args.Outcome.Exception);
                    return default;
                },
            })
            .Build();

        while (!cancellationToken.IsCancellationRequested)
        {
            // One execution per outage: a session that ran for a while ends it successfully, so the next outage starts
            // again from the shortest delay.
            await pipeline.ExecuteAsync(
                async ct =>
                {
                    var started = options.TimeProvider.GetTimestamp();
                    try
                    {
                        await RunSessionAsync(parent, socketUri, $"{child.Host}:{child.Port}", connected, ct).ConfigureAwait(false);
                    }
                    finally
                    {
                        connected(false);
                    }

                    if (options.TimeProvider.GetElapsedTime(started) < StableSession)
                    {
                        throw new IOException("The hub ended the tunnel session.");
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RunSessionAsync(ParentConnection parent, Uri socketUri, string apiServerAddress, Action<bool> connected, CancellationToken cancellationToken)
    {
        AgentLog.TunnelConnecting(logger, socketUri);
        using var handler = new UpgradeObserver(parent.CreateTunnelHandler(), connected);
        var client = new RemoteDialerClient(
            new RemoteDialerClientOptions
            {
                SocketUri = socketUri,
                BearerToken = parent.Token,
                HttpHandler = handler,
                ApiServerAddress = apiServerAddress,
            },
            loggerFactory.CreateLogger<RemoteDialerClient>());
        await client.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells when the hub accepted the WebSocket (101), which is when the session is up.</summary>
    private sealed class UpgradeObserver(HttpMessageHandler inner, Action<bool> connected) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.SwitchingProtocols)
            {
                connected(true);
            }

            return response;
        }
    }
}
