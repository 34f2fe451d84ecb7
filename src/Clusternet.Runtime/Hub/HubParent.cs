using k8s;

namespace Clusternet.Runtime.Hub;

/// <summary>The hub's client for its parent cluster, as a DI singleton of its own so it is not confused with an application's other clients.</summary>
internal sealed class HubParent : IDisposable
{
    public HubParent(Kubernetes client)
    {
        Client = client;
    }

    public Kubernetes Client { get; }

    public void Dispose() => Client.Dispose();
}
