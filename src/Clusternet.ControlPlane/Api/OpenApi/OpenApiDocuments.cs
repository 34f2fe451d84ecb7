using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using k8s.Models;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>
/// The OpenAPI documents of a catalog: <c>/openapi/v2</c>, the <c>/openapi/v3</c> index and one
/// <c>/openapi/v3/&lt;group-version&gt;</c> document per served group-version. Each is built on first request and kept
/// until the catalog changes (kubectl fetches the v3 index and a group-version document on every create and apply).
/// </summary>
public sealed class OpenApiDocuments
{
    private const string V2Key = "v2";
    private const string V2ProtobufKey = "v2:protobuf";
    private const string IndexKey = "v3";

    private readonly ResourceCatalog catalog;
    private readonly Func<string, V1CustomResourceDefinition?> definitions;
    private readonly string version;
    private readonly ConcurrentDictionary<string, OpenApiDocument?> documents = new(StringComparer.Ordinal);
    private long builtFor;

    /// <summary>Creates the documents of a catalog.</summary>
    /// <param name="catalog">The served resources; a change drops every built document.</param>
    /// <param name="definitions">
    /// Finds a CustomResourceDefinition by name (<see cref="ServedResource.DefinedBy"/>) for its schemas. It must return the
    /// definition last passed to <see cref="ResourceCatalog.Apply"/>, which raises the change that rebuilds the documents.
    /// </param>
    /// <param name="version">The server version for <c>info.version</c>; null for <see cref="ServerVersion"/>'s default.</param>
    public OpenApiDocuments(ResourceCatalog catalog, Func<string, V1CustomResourceDefinition?> definitions, ServerVersion? version = null)
    {
        this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        this.definitions = definitions ?? throw new ArgumentNullException(nameof(definitions));
        this.version = (version ?? new ServerVersion()).GitVersion;
        builtFor = catalog.Generation;
        catalog.Changed += (_, _) => documents.Clear();
    }

    /// <summary>The Swagger 2.0 document of every served resource, as JSON.</summary>
    public OpenApiDocument SwaggerJson() =>
        Get(V2Key, () => Serialize(OpenApiDocumentBuilder.Swagger(catalog.Resources, definitions, version)))!;

    /// <summary>
    /// The Swagger 2.0 document in the protobuf form client-go's v2 client insists on. Only <c>swagger</c> and
    /// <c>info</c> are encoded: that is enough for kubectl 1.27 to proceed (it then validates on the server, and computes
    /// strategic merge patches from its compiled-in types), and the JSON form carries the schemas.
    /// </summary>
    public OpenApiDocument SwaggerProtobuf() => Get(V2ProtobufKey, () => Hashed(SwaggerProtobufDocument.Encode("Kubernetes", version)))!;

    /// <summary>The <c>/openapi/v3</c> index: every served group-version with its document's URL and hash.</summary>
    public OpenApiDocument Index() => Get(IndexKey, () =>
    {
        var paths = new JsonObject();
        foreach (var group in catalog.Groups())
        {
            foreach (var groupVersion in group.Versions)
            {
                var path = OpenApiDocumentBuilder.PathOf(groupVersion.Group, groupVersion.Version);
                var document = GroupVersion(path)!;
                paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={document.Hash}" };
            }
        }

        return Serialize(new JsonObject { ["paths"] = paths });
    })!;

    /// <summary>The OpenAPI 3.0 document of one group-version, or null when it is not served.</summary>
    /// <param name="path">The path after <c>/openapi/v3/</c>: <c>api/v1</c> or <c>apis/&lt;group&gt;/&lt;version&gt;</c>.</param>
    public OpenApiDocument? GroupVersion(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Get("v3:" + path, () =>
        {
            var groupVersion = catalog.Groups().SelectMany(g => g.Versions)
                .FirstOrDefault(v => OpenApiDocumentBuilder.PathOf(v.Group, v.Version) == path.Trim('/'));
            return groupVersion is null ? null : Serialize(OpenApiDocumentBuilder.OpenApi3(groupVersion, definitions, version));
        });
    }

    private static OpenApiDocument Serialize(JsonObject document) => Hashed(JsonSerializer.SerializeToUtf8Bytes(document));

    private static OpenApiDocument Hashed(byte[] content) => new(content, Convert.ToHexString(SHA512.HashData(content)));

    private OpenApiDocument? Get(string key, Func<OpenApiDocument?> build)
    {
        // A change raised between reading the generation and storing the document would leave a stale entry; the
        // generation check drops it on the next read.
        var generation = catalog.Generation;
        if (Interlocked.Exchange(ref builtFor, generation) != generation)
        {
            documents.Clear();
        }

        return documents.GetOrAdd(key, _ => build());
    }
}
