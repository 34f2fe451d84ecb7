namespace Clusternet.Caching;

/// <summary>
/// Receives the changes an informer applies to its cache, in the order it applied them for any one object.
/// </summary>
/// <remarks>
/// Handlers run on the handler's own delivery loop, never on the watch loop, so a slow handler delays only
/// itself. They should still be quick: the usual handler computes a key and adds it to a work queue.
/// The objects passed are the cached instances: do not mutate them.
/// </remarks>
/// <typeparam name="T">The object type.</typeparam>
public interface IResourceEventHandler<in T>
{
    /// <summary>An object appeared in the cache.</summary>
    /// <param name="obj">The object.</param>
    /// <param name="isInInitialList">
    /// True when the object comes from the informer's first list, or from the replay of the cache a handler
    /// gets when it is added to a running informer; false for objects created later.
    /// </param>
    void OnAdd(T obj, bool isInInitialList);

    /// <summary>
    /// An object changed, or a resync re-delivered it: then <paramref name="oldObj"/> and <paramref name="newObj"/>
    /// are the same instance (compare resourceVersions to tell the two apart).
    /// </summary>
    void OnUpdate(T oldObj, T newObj);

    /// <summary>An object left the cache.</summary>
    /// <param name="obj">
    /// The object's final state from a DELETED event; or, when <paramref name="finalStateUnknown"/> is true, the last
    /// state the cache knew (a tombstone).
    /// </param>
    /// <param name="finalStateUnknown">
    /// True when the deletion was inferred from a re-list that no longer contained the object: the watch missed the
    /// DELETED event, so the object may have changed before it was deleted.
    /// </param>
    void OnDelete(T obj, bool finalStateUnknown);
}

/// <summary>An <see cref="IResourceEventHandler{T}"/> made of delegates; those left null ignore their event.</summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class ResourceEventHandler<T> : IResourceEventHandler<T>
{
    /// <summary>Called by <see cref="IResourceEventHandler{T}.OnAdd"/>.</summary>
    public Action<T, bool>? Added { get; init; }

    /// <summary>Called by <see cref="IResourceEventHandler{T}.OnUpdate"/>.</summary>
    public Action<T, T>? Updated { get; init; }

    /// <summary>Called by <see cref="IResourceEventHandler{T}.OnDelete"/>.</summary>
    public Action<T, bool>? Deleted { get; init; }

    /// <inheritdoc />
    public void OnAdd(T obj, bool isInInitialList) => Added?.Invoke(obj, isInInitialList);

    /// <inheritdoc />
    public void OnUpdate(T oldObj, T newObj) => Updated?.Invoke(oldObj, newObj);

    /// <inheritdoc />
    public void OnDelete(T obj, bool finalStateUnknown) => Deleted?.Invoke(obj, finalStateUnknown);
}
