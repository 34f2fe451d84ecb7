using Clusternet.Known;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// What the hub registers in the parent when it registers itself: the APIServices <c>v1alpha1.proxies.clusternet.io</c>
/// and <c>v1alpha1.shadow</c> (upstream's priorities), a Service and Endpoints pointing at an address where the
/// parent's aggregator reaches the hub. Suited to an embedded control plane and to tests; a real cluster uses the
/// manifests in deploy/hub/.
/// </summary>
public sealed record HubSelfRegistration
{
    /// <summary>The IP address the aggregator dials (an Endpoints address). Default 127.0.0.1.</summary>
    public string AdvertiseAddress { get; set; } = "127.0.0.1";

    /// <summary>The port the hub's HTTPS listener is on.</summary>
    public required int Port { get; set; }

    /// <summary>PEM of the CA that signed the hub's serving certificate (which must name <c>clusternet-hub.clusternet-system.svc</c>); null sets <c>insecureSkipTLSVerify</c>, as upstream's manifests do.</summary>
    public string? CaBundle { get; set; }

    /// <summary>The Service's namespace. Default <c>clusternet-system</c>.</summary>
    public string ServiceNamespace { get; set; } = ClusternetNamespaces.System;

    /// <summary>The Service's name. Default <c>clusternet-hub</c>.</summary>
    public string ServiceName { get; set; } = "clusternet-hub";

    /// <summary>Also register <c>v1alpha1.shadow</c> when the shadow API is mounted. Default true.</summary>
    public bool RegisterShadow { get; set; } = true;
}
