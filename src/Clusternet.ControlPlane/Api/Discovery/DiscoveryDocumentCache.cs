using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// Serialized discovery documents, built once per catalog generation: every kubectl command without a warm
/// disk cache asks for them, and a CRD change must be visible in the next answer.
/// </summary>
public sealed class DiscoveryDocumentCache
{
    private readonly ResourceCatalog catalog;
    private readonly string serverAddress;
    private readonly ConcurrentDictionary<string, byte[]?> documents = new(StringComparer.Ordinal);
    private long builtFor;

    /// <summary>Creates a cache over a catalog.</summary>
    /// <param name="catalog">The served resources; its changes empty the cache.</param>
    /// <param name="serverAddress">The <c>host:port</c> reported in <c>/api</c>.</param>
    public DiscoveryDocumentCache(ResourceCatalog catalog, string serverAddress)
    {
        this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        this.serverAddress = serverAddress;
        builtFor = catalog.Generation;
        catalog.Changed += (_, _) => documents.Clear();
    }

    /// <summary>The <c>/api</c> or <c>/apis</c> body for a negotiated format.</summary>
    /// <param name="root">Which document.</param>
    /// <param name="format">The negotiated format.</param>
    public byte[] Root(DiscoveryRoot root, DiscoveryFormat format) => Get($"{root}:{format}", () => format switch
    {
        DiscoveryFormat.AggregatedV2 => AggregatedDiscovery.Build(catalog, root, "v2"),
        DiscoveryFormat.AggregatedV2Beta1 => AggregatedDiscovery.Build(catalog, root, "v2beta1"),
        _ => root == DiscoveryRoot.Api ? LegacyDiscovery.ApiVersions(serverAddress) : LegacyDiscovery.ApiGroupList(catalog),
    })!;

    /// <summary>The APIResourceList body of a group-version, or null when it is not served.</summary>
    /// <param name="group">The group; empty for the core group.</param>
    /// <param name="version">The version.</param>
    public byte[]? ResourceList(string group, string version) =>
        Get($"resources:{group}/{version}", () => LegacyDiscovery.ApiResourceList(catalog, group, version));

    private byte[]? Get(string key, Func<JsonObject?> build)
    {
        // A change raised between reading the generation and storing the bytes would leave a stale entry; the
        // generation check drops it on the next read.
        var generation = catalog.Generation;
        if (Interlocked.Exchange(ref builtFor, generation) != generation)
        {
            documents.Clear();
        }

        return documents.GetOrAdd(key, _ => build() is { } document ? JsonSerializer.SerializeToUtf8Bytes(document) : null);
    }
}
