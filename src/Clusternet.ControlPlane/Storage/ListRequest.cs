using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>What a list asks for: a page size, where to continue, and which objects to keep.</summary>
public sealed record ListRequest
{
    /// <summary>The most items to return; null or 0 returns them all.</summary>
    public int? Limit { get; init; }

    /// <summary>The continue token of the previous page; the page is then served from that page's snapshot.</summary>
    public string? Continue { get; init; }

    /// <summary>Keeps an object when it returns true (label and field selectors); null keeps every object.</summary>
    public Func<JsonObject, bool>? Predicate { get; init; }

    /// <summary>
    /// Keeps only the object of this name (a field selector's <c>metadata.name=x</c>), checked before <see cref="Predicate"/>
    /// so other objects are never parsed; null keeps any name.
    /// </summary>
    public string? Name { get; init; }
}
