namespace Clusternet.ControlPlane.Storage;

/// <summary>One durable write as the watch cache records it: what happened to which key, and the states before and after.</summary>
/// <param name="Type">Created, replaced or removed.</param>
/// <param name="Key">The object's address.</param>
/// <param name="Element">The state after the write; for a delete, the last state carrying the delete's resourceVersion.</param>
/// <param name="Previous">The state before the write; null for a create.</param>
internal sealed record StoreChange(StoreEventType Type, StorageKey Key, StoreElement Element, StoreElement? Previous)
{
    public long ResourceVersion => Element.ResourceVersion;

    /// <summary>A fresh event for watchers; its parsed trees are cached on the event, never in the history.</summary>
    public StoreEvent ToEvent() => new(Type, Key, Element, Previous);
}
