using Clusternet.Known;

namespace Clusternet.Runtime.Hub.Peering;

/// <summary>
/// Hub peering, for several hub replicas behind one Service: an agent holds its tunnel with one replica, and a
/// request the parent's aggregator sends to another replica reaches the cluster through a link between the two.
/// Each replica publishes a Lease <c>clusternet-hub-peer-&lt;id&gt;</c> in the parent with where to reach it, links to
/// every other replica it finds there, and tells each which clusters it holds — upstream's peering, so .NET and Go hub
/// replicas can be mixed (docs/hub.md).
/// </summary>
public sealed record HubPeeringOptions
{
    /// <summary>The Lease name prefix upstream's hubs use; the peer id follows it.</summary>
    public const string LeaseNamePrefix = "clusternet-hub-peer-";

    /// <summary>
    /// The address other replicas dial to reach this one (upstream's <c>--peer-advertise-address</c>), usually the
    /// Pod IP. Required.
    /// </summary>
    public string? AdvertiseAddress { get; set; }

    /// <summary>
    /// The port other replicas dial (upstream's <c>--peer-port</c>, 8123). Listen on it with the hub's HTTPS
    /// settings and <c>MapClusternetHub</c>, which serves the peer endpoint <c>/connect</c> on every listener.
    /// </summary>
    public int Port { get; set; } = 8123;

    /// <summary>
    /// The token other replicas must present to link to this one (upstream's <c>--peer-token</c>). It is published in
    /// this replica's Lease, so anyone who can read Leases in <see cref="LeaseNamespace"/> can link. Null (the default)
    /// draws a random token at start; upstream defaults to the well-known <c>Cheugy</c>.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The parent namespace of the peer Leases (upstream's <c>--leader-elect-resource-namespace</c>). Default <c>clusternet-system</c>.</summary>
    public string LeaseNamespace { get; set; } = ClusternetNamespaces.System;

    /// <summary>How long a peer Lease stays valid without renewal; expired ones are deleted by every replica. Default 15 s, as upstream's.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the Lease is renewed and the peers looked at again. Default 2 s, as upstream's leader election retries.</summary>
    public TimeSpan RenewPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// PEM of the CA the other replicas' serving certificates chain to. Null (the default) does not verify them, as
    /// upstream (whose replicas often serve self-signed certificates): the peer token authenticates the dialing side only.
    /// </summary>
    public string? CertificateAuthority { get; set; }
}
