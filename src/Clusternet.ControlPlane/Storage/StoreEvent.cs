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
/// <param name="Type">Created, replaced or removed.</param>
/// <param name="Key">The object's address.</param>
/// <param name="Object">
/// The object after the write; for <see cref="StoreEventType.Deleted"/> its last state carrying the
/// delete's resourceVersion. Shared with the store and other watchers: treat it as read-only.
/// </param>
/// <param name="PreviousObject">
/// The object before the write (null for <see cref="StoreEventType.Added"/>), so that a filtered watch
/// can turn an object that stops matching its selector into a DELETED event.
/// </param>
/// <param name="ResourceVersion">The resourceVersion the write was given.</param>
public sealed record StoreEvent(StoreEventType Type, StorageKey Key, JsonObject Object, JsonObject? PreviousObject, long ResourceVersion);
