using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>One page of a list, taken from a single snapshot of the store.</summary>
/// <param name="Items">The objects in namespace/name order; shared with the store, so treat them as read-only.</param>
/// <param name="ResourceVersion">The resourceVersion of the snapshot the page was read from.</param>
/// <param name="Continue">The token for the next page, or null on the last page.</param>
/// <param name="RemainingItemCount">
/// How many objects follow this page; null on the last page and when a predicate filters the list
/// (as kube-apiserver, which does not count through a selector).
/// </param>
public sealed record ListResult(IReadOnlyList<JsonObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
