namespace Clusternet.Caching;

/// <summary>
/// The queue between informers' event handlers and a controller's workers, with client-go's work queue semantics:
/// an item waiting in the queue is queued once however often it is added; an item being processed is never handed
/// to a second worker, and if it is added meanwhile it is queued again when the worker calls <see cref="Done"/>.
/// </summary>
/// <remarks>
/// Items are usually object keys (<see cref="CacheKey"/>): the worker reads the current object from the informer's
/// lister, so many changes to one object collapse into one reconcile of its latest state.
/// </remarks>
/// <typeparam name="T">The item type; equal items are the same work.</typeparam>
public interface IWorkQueue<T>
    where T : notnull
{
    /// <summary>The number of items waiting to be handed out (not those being processed, nor those delayed).</summary>
    int Count { get; }

    /// <summary>True once <see cref="ShutDown"/> or <see cref="ShutDownWithDrainAsync"/> was called.</summary>
    bool IsShuttingDown { get; }

    /// <summary>Queues an item unless it is already waiting; ignored after shutdown.</summary>
    void Add(T item);

    /// <summary>Queues an item once <paramref name="delay"/> has passed; an earlier pending delay of the same item wins.</summary>
    void AddAfter(T item, TimeSpan delay);

    /// <summary>Queues an item after the delay the rate limiter gives it (growing with each failure of that item).</summary>
    void AddRateLimited(T item);

    /// <summary>Clears the item's failure history in the rate limiter: call it when the item was processed successfully.</summary>
    void Forget(T item);

    /// <summary>How many times the item was re-queued through <see cref="AddRateLimited"/> since it was last forgotten.</summary>
    int NumRequeues(T item);

    /// <summary>
    /// Waits for the next item and marks it as being processed: the caller must call <see cref="Done"/> with it.
    /// Returns <c>ShutDown: true</c> (and no item) once the queue is shut down and empty.
    /// </summary>
    ValueTask<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the processing of an item; if it was added meanwhile, it is queued again.</summary>
    void Done(T item);

    /// <summary>Shuts the queue down: new items are ignored, and waiting callers of <see cref="GetAsync"/> return at once.</summary>
    void ShutDown();

    /// <summary>Shuts the queue down, then waits until every item being processed is <see cref="Done"/>.</summary>
    Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default);
}
