namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>The discovery document a client is answered with.</summary>
public enum DiscoveryFormat
{
    /// <summary>APIVersions / APIGroupList: the client then fetches each group-version's APIResourceList.</summary>
    Legacy,

    /// <summary>APIGroupDiscoveryList of <c>apidiscovery.k8s.io/v2</c> (kubectl 1.30 and later ask for it first).</summary>
    AggregatedV2,

    /// <summary>APIGroupDiscoveryList of <c>apidiscovery.k8s.io/v2beta1</c> (kubectl 1.26–1.29, and the fallback of later ones).</summary>
    AggregatedV2Beta1,
}

/// <summary>A negotiated discovery answer.</summary>
/// <param name="Format">The document to send.</param>
/// <param name="ContentType">The Content-Type to send it with; kubectl decides how to parse the body from it.</param>
public sealed record NegotiatedDiscovery(DiscoveryFormat Format, string ContentType)
{
    /// <summary>The apidiscovery version (<c>v2</c> or <c>v2beta1</c>), or null for legacy documents.</summary>
    public string? AggregatedVersion => Format switch
    {
        DiscoveryFormat.AggregatedV2 => "v2",
        DiscoveryFormat.AggregatedV2Beta1 => "v2beta1",
        _ => null,
    };
}

/// <summary>A negotiated answer to a get or list.</summary>
/// <param name="TableVersion"><c>v1</c> or <c>v1beta1</c> when a meta.k8s.io Table is wanted; null for the plain object or list.</param>
/// <param name="ContentType">The Content-Type to send.</param>
public sealed record NegotiatedRepresentation(string? TableVersion, string ContentType);

/// <summary>
/// Chooses the representation from the Accept header. The clients treat 406 as fatal (no retry, no fallback),
/// so when nothing else matches the answer is always plain JSON, which every observed client accepts, even those
/// that asked for protobuf first.
/// </summary>
public static class ResponseNegotiation
{
    /// <summary>The Content-Type of plain JSON answers.</summary>
    public const string Json = "application/json";

    private const string DiscoveryGroup = "apidiscovery.k8s.io";
    private const string DiscoveryKind = "APIGroupDiscoveryList";

    /// <summary>
    /// Chooses the <c>/api</c> and <c>/apis</c> document. kubectl 1.32 sends
    /// <c>...;v=v2;as=APIGroupDiscoveryList,...;v=v2beta1;as=APIGroupDiscoveryList,application/json</c>; 1.27 offers only v2beta1 and JSON.
    /// </summary>
    /// <param name="accept">The Accept header, or null.</param>
    public static NegotiatedDiscovery ForDiscovery(string? accept)
    {
        foreach (var range in MediaRange.ParseAccept(accept))
        {
            if (!range.AcceptsJson)
            {
                continue;
            }

            var kind = range.Parameter("as");
            if (kind is null)
            {
                return new NegotiatedDiscovery(DiscoveryFormat.Legacy, Json);
            }

            if (kind == DiscoveryKind && range.Parameter("g") == DiscoveryGroup)
            {
                switch (range.Parameter("v"))
                {
                    case "v2":
                        return new NegotiatedDiscovery(DiscoveryFormat.AggregatedV2, AggregatedContentType("v2"));
                    case "v2beta1":
                        return new NegotiatedDiscovery(DiscoveryFormat.AggregatedV2Beta1, AggregatedContentType("v2beta1"));
                }
            }
        }

        return new NegotiatedDiscovery(DiscoveryFormat.Legacy, Json);
    }

    /// <summary>
    /// Chooses between a Table and the plain object or list. kubectl's human output sends
    /// <c>application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json</c>.
    /// </summary>
    /// <param name="accept">The Accept header, or null.</param>
    public static NegotiatedRepresentation ForObjects(string? accept)
    {
        foreach (var range in MediaRange.ParseAccept(accept))
        {
            if (!range.AcceptsJson)
            {
                continue;
            }

            var kind = range.Parameter("as");
            if (kind is null)
            {
                return new NegotiatedRepresentation(null, Json);
            }

            if (kind == "Table" && range.Parameter("g") == "meta.k8s.io" && range.Parameter("v") is "v1" or "v1beta1")
            {
                var version = range.Parameter("v")!;
                return new NegotiatedRepresentation(version, $"application/json;as=Table;v={version};g=meta.k8s.io");
            }
        }

        return new NegotiatedRepresentation(null, Json);
    }

    private static string AggregatedContentType(string version) => $"application/json;g={DiscoveryGroup};v={version};as={DiscoveryKind}";
}
