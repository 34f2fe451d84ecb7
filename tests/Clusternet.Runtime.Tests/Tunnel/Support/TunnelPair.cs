using Clusternet.Runtime.Tunnel;

namespace Clusternet.Runtime.Tests.Tunnel.Support;

/// <summary>Our hub and our agent joined by a real tunnel on 127.0.0.1, the agent allowed to dial one address.</summary>
internal sealed class TunnelPair : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private int _dials;

    private TunnelPair(HubHost hub)
    {
        Hub = hub;
    }

    public HubHost Hub { get; }

    public RemoteDialerServer Server => Hub.Server;

    /// <summary>The agent's session; completes when it ends.</summary>
    public Task Agent { get; private set; } = Task.CompletedTask;

    /// <summary>How many Connects the agent accepted and dialed.</summary>
    public int Dials => Volatile.Read(ref _dials);

    public static async Task<TunnelPair> StartAsync(string allowedAddress, TunnelSessionOptions? hubOptions = null, TunnelSessionOptions? agentOptions = null)
    {
        var pair = new TunnelPair(await HubHost.StartAsync(hubOptions));
        var client = new RemoteDialerClient(new RemoteDialerClientOptions
        {
            SocketUri = pair.Hub.SocketUri("c1"),
            BearerToken = "token-c1",
            Session = agentOptions ?? new TunnelSessionOptions(),
            AllowDial = (network, address) =>
            {
                var allowed = network == "tcp" && address == allowedAddress;
                if (allowed)
                {
                    Interlocked.Increment(ref pair._dials);
                }

                return allowed;
            },
        });
        pair.Agent = Task.Run(() => client.RunAsync(pair._stop.Token));
        await Eventually.TrueAsync(() => pair.Server.HasSession("c1") || pair.Agent.IsCompleted);
        if (pair.Agent.IsFaulted)
        {
            await pair.Agent;
        }

        return pair;
    }

    /// <summary>Ends the agent's session as if the agent went away.</summary>
    public void StopAgent() => _stop.Cancel();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await Agent;
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
        }

        await Hub.DisposeAsync();
    }
}
