using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Storage;

/// <summary>What a write did to an object.</summary>
public enum StoreEventType
{
    /// <summary>The object was created.</summary>
    Added,

    /// <summary>The object was replaced.</summary>
    Modified,

    /// <summary>The object was removed.</summary>
    Deleted,
}

/// <summary>One write as a watcher sees it.</summary>
/// <remarks>
/// The stores keep objects as JSON bytes; <see cref="Object"/> and <see cref="PreviousObject"/> are parsed on
/// first use, once per event, and shared by every reader of the event, so treat them as read-only.
/// </remarks>
public sealed class StoreEvent
{
    private JsonObject? _object;
    private JsonObject? _previousObject;

    /// <summary>An event of objects already parsed (a store that keeps trees, or a test).</summary>
    /// <param name="type">Created, replaced or removed.</param>
    /// <param name="key">The object's address.</param>
    /// <param name="obj">The object after the write (for a delete, its last state with the delete's resourceVersion).</param>
    /// <param name="previousObject">The object before the write; null for a create.</param>
    /// <param name="resourceVersion">The resourceVersion the write was given.</param>
    public StoreEvent(StoreEventType type, StorageKey key, JsonObject obj, JsonObject? previousObject, long resourceVersion)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Type = type;
        Key = key;
        _object = obj;
        _previousObject = previousObject;
        ResourceVersion = resourceVersion;
    }

    internal StoreEvent(StoreEventType type, StorageKey key, StoreElement element, StoreElement? previous)
    {
        Type = type;
        Key = key;
        Element = element;
        PreviousElement = previous;
        ResourceVersion = element.ResourceVersion;
    }

    /// <summary>Created, replaced or removed.</summary>
    public StoreEventType Type { get; }

    /// <summary>The object's address.</summary>
    public StorageKey Key { get; }

    /// <summary>
    /// The object after the write; for <see cref="StoreEventType.Deleted"/> its last state carrying the
    /// delete's resourceVersion. Shared with other watchers: treat it as read-only.
    /// </summary>
    public JsonObject Object => _object ?? Build(ref _object, Element!)!;

    /// <summary>
    /// The object before the write (null for <see cref="StoreEventType.Added"/>), so that a filtered watch
    /// can turn an object that stops matching its selector into a DELETED event.
    /// </summary>
    public JsonObject? PreviousObject => _previousObject ?? (PreviousElement is null ? null : Build(ref _previousObject, PreviousElement));

    /// <summary>The resourceVersion the write was given.</summary>
    public long ResourceVersion { get; }

    /// <summary>The stored bytes of <see cref="Object"/>; null for an event built from trees.</summary>
    internal StoreElement? Element { get; }

    /// <summary>The stored bytes of <see cref="PreviousObject"/>, when the event came from a store.</summary>
    internal StoreElement? PreviousElement { get; }

    // Parsed trees build their children lazily, which is not safe for concurrent readers: build every node
    // before publishing the tree, and let the first of racing readers win.
    private static JsonObject Build(ref JsonObject? field, StoreElement element)
    {
        var parsed = element.Parse();
        StoredObject.Materialize(parsed);
        return Interlocked.CompareExchange(ref field, parsed, null) ?? parsed;
    }
}
