using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Clusternet.Known;
using Clusternet.Runtime.Hub.Peering;
using Clusternet.Runtime.Tests.ControllerManager.Support;
using Clusternet.Runtime.Tests.Hub.Support;
using Clusternet.Runtime.Tunnel;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.Tests.Hub;

/// <summary>
/// Two hub replicas behind one Service: the agent's tunnel lands on one of them, the parent's aggregator sends each
/// proxied request to either, and the replica without the session reaches the child through its peer link.
/// </summary>
public sealed class HubPeeringTests(PeeredHubs fleet) : IClassFixture<PeeredHubs>
{
    [Fact]
    public async Task Every_request_through_the_parent_reaches_the_child_whichever_replica_serves_it()
    {
        // Exactly one replica holds the agent's session; the other reaches the cluster through its peer.
        await Eventually.TrueAsync(() => Task.FromResult(fleet.Hubs.All(h => PeeredHubs.Tunnel(h.App).HasSession(fleet.ClusterId))), TimeSpan.FromSeconds(30));
        Assert.Single(fleet.Hubs, h => PeeredHubs.Tunnel(h.App).ClusterIds.Contains(fleet.ClusterId));

        using var childAdmin = new Kubernetes(fleet.Child.CreateAdminConfiguration());
        var marker = "peered-" + Guid.NewGuid().ToString("N")[..6];
        await childAdmin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = marker } });

        // The aggregator picks a replica at random per connection: a fresh client per request spreads them over both
        // (the chance that 24 all land on one replica is 2^-23). Without peering about half would be 503.
        for (var i = 0; i < 24; i++)
        {
            using var child = fleet.ThroughHub();
            Assert.Equal(marker, (await child.CoreV1.ReadNamespaceAsync(marker)).Metadata.Name);
        }

        // Writes and watches go through the peer link as well.
        using var client = fleet.ThroughHub();
        var before = (await client.CoreV1.ListNamespacedConfigMapAsync(marker)).Metadata.ResourceVersion;
        await client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "through-a-peer" } }, marker);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await foreach (var (type, item) in client.CoreV1.WatchListNamespacedConfigMapAsync(marker, resourceVersion: before, cancellationToken: timeout.Token))
        {
            if (type == WatchEventType.Added && item.Metadata.Name == "through-a-peer")
            {
                break;
            }
        }

        Assert.NotNull(await childAdmin.CoreV1.ReadNamespacedConfigMapAsync("through-a-peer", marker));
    }

    [Fact]
    public async Task Each_replica_publishes_a_peer_Lease_as_upstream_hubs_do_and_expired_ones_are_deleted_unlinked()
    {
        var leases = (await fleet.ParentAdmin.CoordinationV1.ListNamespacedLeaseAsync(ClusternetNamespaces.System)).Items
            .Where(l => l.Metadata.Name.StartsWith(HubPeeringOptions.LeaseNamePrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            fleet.Hubs.Select(h => PeeredHubs.Peering(h.App).LeaseName).Order(),
            leases.Select(l => l.Metadata.Name).Order());
        foreach (var lease in leases)
        {
            using var identity = JsonDocument.Parse(lease.Spec.HolderIdentity);
            var root = identity.RootElement;
            Assert.Equal(lease.Metadata.Name[HubPeeringOptions.LeaseNamePrefix.Length..], root.GetProperty("id").GetString());
            Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{5}$", root.GetProperty("id").GetString());
            Assert.Equal("127.0.0.1", root.GetProperty("host").GetString());
            Assert.Contains(fleet.Hubs, h => h.Port == root.GetProperty("port").GetInt32());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("token").GetString()));
            Assert.Contains('_', root.GetProperty("identity").GetString() ?? string.Empty);
            Assert.Equal((int)PeeredHubs.LeaseDuration.TotalSeconds, lease.Spec.LeaseDurationSeconds);
        }

        // A replica that died without deleting its Lease (renewed long ago): deleted, and never linked to.
        var dead = HubPeeringOptions.LeaseNamePrefix + "zzzzz";
        await fleet.ParentAdmin.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = dead },
            Spec = new V1LeaseSpec
            {
                HolderIdentity = """{"identity":"gone_1","id":"zzzzz","host":"127.0.0.1","port":1,"token":"Cheugy"}""",
                LeaseDurationSeconds = 3,
                RenewTime = DateTime.UtcNow.AddMinutes(-1),
            },
        }, ClusternetNamespaces.System);
        await Eventually.TrueAsync(async () => !(await fleet.ParentAdmin.CoordinationV1.ListNamespacedLeaseAsync(ClusternetNamespaces.System)).Items.Any(l => l.Metadata.Name == dead), TimeSpan.FromSeconds(20));
        Assert.All(fleet.Hubs, h => Assert.DoesNotContain("zzzzz", PeeredHubs.Peering(h.App).PeerIds));
    }

    [Fact]
    public async Task A_link_with_a_wrong_peer_token_is_refused()
    {
        var port = fleet.Hubs[0].Port;
        var other = PeeredHubs.Peering(fleet.Hubs[1].App);
        using var handler = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } };
        using var client = new HttpClient(handler);

        // (The right token would upgrade and replace the replicas' own link, so only wrong ones are tried here; the
        // accepted case is what every other test in this class runs on.)
        foreach (var (id, token) in ((string, string)[])[(other.Id, "wrong-token"), ("zzzzz", other.Token), (other.Id, other.Token + "x")])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"https://127.0.0.1:{port}/connect") { Version = HttpVersion.Version11 };
            request.Headers.Connection.Add("Upgrade");
            request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Version", "13");
            request.Headers.TryAddWithoutValidation("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
            request.Headers.TryAddWithoutValidation(RemoteDialerServer.PeerIdHeader, id);
            request.Headers.TryAddWithoutValidation(RemoteDialerServer.PeerTokenHeader, token);
            using var response = await client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Without peering headers the path is not the hub's API: nothing else is served there.
        using var plain = await client.GetAsync($"https://127.0.0.1:{port}/connect");
        Assert.Equal(HttpStatusCode.Unauthorized, plain.StatusCode);
    }
}

/// <summary>A replica that stops cleanly takes its Lease with it, and the other replica lets go of it at once.</summary>
public sealed class HubPeeringStopTests(PeeredHubs fleet) : IClassFixture<PeeredHubs>
{
    [Fact]
    public async Task A_stopped_replica_deletes_its_Lease_and_the_other_unlinks_before_the_Lease_would_have_expired()
    {
        var (stopping, _) = fleet.Hubs[1];
        var (staying, _) = fleet.Hubs[0];
        var lease = PeeredHubs.Peering(stopping).LeaseName;
        Assert.Single(PeeredHubs.Peering(staying).PeerIds);

        var stopped = System.Diagnostics.Stopwatch.StartNew();
        await PeeredHubs.StopAsync(stopping);

        Assert.DoesNotContain((await fleet.ParentAdmin.CoordinationV1.ListNamespacedLeaseAsync(ClusternetNamespaces.System)).Items, l => l.Metadata.Name == lease);
        await Eventually.TrueAsync(() => Task.FromResult(PeeredHubs.Peering(staying).PeerIds.Count == 0), PeeredHubs.LeaseDuration);
        Assert.True(stopped.Elapsed < PeeredHubs.LeaseDuration, $"the other replica let go only after {stopped.Elapsed}");
    }
}
