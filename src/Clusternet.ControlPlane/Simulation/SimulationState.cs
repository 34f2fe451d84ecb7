using System.Collections.Concurrent;

namespace Clusternet.ControlPlane.Simulation;

/// <summary>
/// What the simulated components share in memory: the options, which simulated node is healthy (the fault switch the
/// public handle flips), and pod IP allocation per node.
/// </summary>
internal sealed class SimulationState
{
    private readonly ConcurrentDictionary<string, bool> ready = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> nextPodAddress = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

    public SimulationState(SimulationOptions options, string kubeletVersion)
    {
        Options = options;
        KubeletVersion = kubeletVersion;
        for (var i = 0; i < options.Nodes.Count; i++)
        {
            var node = options.Nodes[i];
            if (!index.TryAdd(node.Name, i))
            {
                throw new ArgumentException($"simulated node \"{node.Name}\" is listed twice", nameof(options));
            }

            ready[node.Name] = node.Ready;
        }
    }

    public SimulationOptions Options { get; }

    public string KubeletVersion { get; }

    public IEnumerable<SimulatedNode> Nodes => Options.Nodes;

    public bool IsSimulated(string? node) => node is not null && index.ContainsKey(node);

    public bool IsReady(string node) => ready.TryGetValue(node, out var value) && value;

    public void SetReady(string node, bool value)
    {
        if (!index.ContainsKey(node))
        {
            throw new ArgumentException($"\"{node}\" is not a simulated node", nameof(node));
        }

        ready[node] = value;
    }

    /// <summary>The node's InternalIP: 127.0.0.2 for the first, so no node claims the server's own 127.0.0.1.</summary>
    public string NodeAddress(string node) => $"127.0.0.{index[node] + 2}";

    /// <summary>The node's pod CIDR, a /24 of 10.244.0.0/16 per node as kubeadm's default cluster CIDR is split.</summary>
    public string PodCidr(string node) => $"10.244.{index[node]}.0/24";

    /// <summary>The next pod IP in the node's pod CIDR (.2 to .254, then round again: the simulation never holds 253 pods on one node for long).</summary>
    public string NextPodAddress(string node)
    {
        var n = nextPodAddress.AddOrUpdate(node, 0, (_, previous) => previous + 1);
        return $"10.244.{index[node]}.{(n % 253) + 2}";
    }
}
