using System.Collections;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>One page of a list, taken from a single snapshot of the store.</summary>
/// <param name="Items">
/// The objects in namespace/name order. A store that keeps JSON bytes parses each item on first access
/// (once per result), so a caller that only forwards the page never pays for trees.
/// </param>
/// <param name="ResourceVersion">The resourceVersion of the snapshot the page was read from.</param>
/// <param name="Continue">The token for the next page, or null on the last page.</param>
/// <param name="RemainingItemCount">
/// How many objects follow this page; null on the last page and when a predicate filters the list
/// (as kube-apiserver, which does not count through a selector).
/// </param>
public sealed record ListResult(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount)
{
    internal ListResult(IReadOnlyList<StoreElement> elements, long resourceVersion, string? @continue, long? remainingItemCount)
        : this(new ParsedItems(elements), resourceVersion, @continue, remainingItemCount) => Elements = elements;

    /// <summary>The stored bytes of <see cref="Items"/>, for handlers that write them out as they are.</summary>
    internal IReadOnlyList<StoreElement>? Elements { get; }

    /// <summary>Items parsed on demand; each private to this result.</summary>
    private sealed class ParsedItems(IReadOnlyList<StoreElement> elements) : IReadOnlyList<JsonObject>
    {
        private readonly JsonObject?[] _parsed = new JsonObject?[elements.Count];

        public int Count => elements.Count;

        public JsonObject this[int index] => _parsed[index] ??= elements[index].Parse();

        public IEnumerator<JsonObject> GetEnumerator()
        {
            for (var i = 0; i < elements.Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
