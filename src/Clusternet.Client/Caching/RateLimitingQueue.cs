namespace Clusternet.Caching;

/// <summary>
/// The default <see cref="IWorkQueue{T}"/>: a de-duplicating FIFO with delayed and rate-limited adds, on a
/// <see cref="TimeProvider"/> so that tests can drive its clock.
/// </summary>
/// <remarks>
/// Three sets carry client-go's semantics. <em>dirty</em> holds items that need processing, <em>queue</em> those of
/// them that may be handed out now, <em>processing</em> those a worker holds. An item added while processing is
/// only marked dirty; <see cref="Done"/> moves it back to the queue. So an object is never reconciled by two
/// workers at once, and never skipped.
/// </remarks>
/// <typeparam name="T">The item type.</typeparam>
public sealed class RateLimitingQueue<T> : IWorkQueue<T>, IDisposable
    where T : notnull
{
    private readonly Lock _lock = new();
    private readonly IRateLimiter<T> _rateLimiter;
    private readonly TimeProvider _time;
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = [];
    private readonly HashSet<T> _processing = [];
    private readonly LinkedList<TaskCompletionSource<(T, bool)>> _waiters = new();

    // Delayed items: a heap ordered by ready time (then arrival), and each item's earliest ready time. A heap entry
    // whose time differs from the item's current one was superseded by an earlier AddAfter and is skipped.
    private readonly PriorityQueue<T, (DateTimeOffset ReadyAt, long Sequence)> _delayed = new();
    private readonly Dictionary<T, DateTimeOffset> _readyAt = [];
    private long _sequence;
    private ITimer? _timer;

    private bool _shuttingDown;
    private TaskCompletionSource? _drained;

    /// <summary>Creates a queue.</summary>
    /// <param name="rateLimiter">The rate limiter of <see cref="AddRateLimited"/>; <see cref="ControllerRateLimiter.Default{T}"/> when null.</param>
    /// <param name="timeProvider">The clock of delayed adds and of the default rate limiter.</param>
    public RateLimitingQueue(IRateLimiter<T>? rateLimiter = null, TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
        _rateLimiter = rateLimiter ?? ControllerRateLimiter.Default<T>(_time);
    }

    /// <inheritdoc />
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool IsShuttingDown
    {
        get
        {
            lock (_lock)
            {
                return _shuttingDown;
            }
        }
    }

    /// <inheritdoc />
    public void Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            AddLocked(item);
        }
    }

    /// <inheritdoc />
    public void AddAfter(T item, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            if (delay <= TimeSpan.Zero)
            {
                AddLocked(item);
                return;
            }

            var readyAt = _time.GetUtcNow() + delay;
            if (_readyAt.TryGetValue(item, out var pending) && pending <= readyAt)
            {
                return;
            }

            _readyAt[item] = readyAt;
            _delayed.Enqueue(item, (readyAt, _sequence++));
            ArmTimerLocked();
        }
    }

    /// <inheritdoc />
    public void AddRateLimited(T item) => AddAfter(item, _rateLimiter.When(item));

    /// <inheritdoc />
    public void Forget(T item) => _rateLimiter.Forget(item);

    /// <inheritdoc />
    public int NumRequeues(T item) => _rateLimiter.NumRequeues(item);

    /// <inheritdoc />
    public async ValueTask<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<(T, bool)> waiter;
        LinkedListNode<TaskCompletionSource<(T, bool)>> node;
        lock (_lock)
        {
            // After shutdown the items already queued are still handed out; only an empty queue reports shutdown.
            if (_queue.Count > 0)
            {
                return (TakeLocked(), false);
            }

            if (_shuttingDown)
            {
                return (default!, true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new TaskCompletionSource<(T, bool)>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        // A waiter is completed only by whoever removes it from the list under the lock, so an item is never handed
        // to a waiter that was cancelled at the same moment.
        await using (cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                if (node.List is null)
                {
                    return;
                }

                _waiters.Remove(node);
            }

            waiter.TrySetCanceled(cancellationToken);
        }).ConfigureAwait(false))
        {
            return await waiter.Task.ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Done(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        lock (_lock)
        {
            _processing.Remove(item);
            if (_dirty.Contains(item))
            {
                _queue.Enqueue(item);
                DispatchLocked();
            }

            if (_processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    /// <inheritdoc />
    public void ShutDown()
    {
        lock (_lock)
        {
            ShutDownLocked();
        }
    }

    /// <inheritdoc />
    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            ShutDownLocked();
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }

            return _drained.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Shuts the queue down.</summary>
    public void Dispose() => ShutDown();

    private void AddLocked(T item)
    {
        if (_shuttingDown || !_dirty.Add(item))
        {
            return;
        }

        if (_processing.Contains(item))
        {
            return;
        }

        _queue.Enqueue(item);
        DispatchLocked();
    }

    private T TakeLocked()
    {
        var item = _queue.Dequeue();
        _dirty.Remove(item);
        _processing.Add(item);
        return item;
    }

    private void DispatchLocked()
    {
        while (_queue.Count > 0 && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetResult((TakeLocked(), false));
        }
    }

    private void ShutDownLocked()
    {
        _shuttingDown = true;
        _timer?.Dispose();
        _timer = null;
        _delayed.Clear();
        _readyAt.Clear();
        while (_waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            first.Value.TrySetResult((default!, true));
        }
    }

    private void ArmTimerLocked()
    {
        // Drop superseded entries so that the timer is set for a real item.
        while (_delayed.TryPeek(out var item, out var at) && (!_readyAt.TryGetValue(item, out var readyAt) || readyAt != at.ReadyAt))
        {
            _delayed.Dequeue();
        }

        if (!_delayed.TryPeek(out _, out var next))
        {
            return;
        }

        var due = next.ReadyAt - _time.GetUtcNow();
        if (due < TimeSpan.Zero)
        {
            due = TimeSpan.Zero;
        }

        if (_timer is null)
        {
            _timer = _time.CreateTimer(_ => OnTimer(), null, due, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_shuttingDown)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_delayed.TryPeek(out var item, out var at) && at.ReadyAt <= now)
            {
                _delayed.Dequeue();
                if (_readyAt.TryGetValue(item, out var readyAt) && readyAt == at.ReadyAt)
                {
                    _readyAt.Remove(item);
                    AddLocked(item);
                }
            }

            ArmTimerLocked();
        }
    }
}
