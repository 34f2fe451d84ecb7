using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Clusternet.Caching;

/// <summary>
/// One handler's delivery loop, as client-go's processorListener: the informer posts notifications into an
/// unbounded queue without waiting, and this loop hands them to the handler one at a time, in order.
/// A slow handler therefore lets its own queue grow but never stalls the watch or the other handlers.
/// </summary>
internal sealed class ProcessorListener<T>
{
    private readonly IResourceEventHandler<T> _handler;
    private readonly ILogger _logger;
    private readonly string _resource;
    private readonly Channel<Notification> _queue = Channel.CreateUnbounded<Notification>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = false });
    private readonly CancellationTokenSource _stopping;
    private readonly Task _run;

    public ProcessorListener(IResourceEventHandler<T> handler, ResourceEventHandlerRegistration registration, string resource, ILogger logger, CancellationToken informerStopping)
    {
        _handler = handler;
        Registration = registration;
        _resource = resource;
        _logger = logger;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(informerStopping);
        _run = Task.Run(RunAsync);
    }

    public ResourceEventHandlerRegistration Registration { get; }

    public void Add(T obj, bool isInInitialList) => _queue.Writer.TryWrite(new(Kind.Add, default, obj, isInInitialList));

    public void Update(T oldObj, T newObj) => _queue.Writer.TryWrite(new(Kind.Update, oldObj, newObj, false));

    public void Delete(T obj, bool finalStateUnknown) => _queue.Writer.TryWrite(new(Kind.Delete, default, obj, finalStateUnknown));

    /// <summary>Marks the registration synced once everything posted before this call has been delivered.</summary>
    public void Synced() => _queue.Writer.TryWrite(new(Kind.Synced, default, default, false));

    /// <summary>Stops delivering (pending notifications are dropped) and waits for the handler call in progress.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
        return _run.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var stopping = _stopping.Token;
        try
        {
            while (await reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                while (!stopping.IsCancellationRequested && reader.TryRead(out var notification))
                {
                    Deliver(notification);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private void Deliver(in Notification notification)
    {
        try
        {
            switch (notification.Kind)
            {
                case Kind.Add:
                    _handler.OnAdd(notification.New!, notification.Flag);
                    break;
                case Kind.Update:
                    _handler.OnUpdate(notification.Old!, notification.New!);
                    break;
                case Kind.Delete:
                    _handler.OnDelete(notification.New!, notification.Flag);
                    break;
                case Kind.Synced:
                    Registration.MarkSynced();
                    break;
            }
        }
        catch (Exception ex)
        {
            // A handler's bug must not end the informer or the handler's later notifications.
            InformerLog.HandlerFailed(_logger, _resource, notification.Kind.ToString(), ex);
        }
    }

    private enum Kind : byte
    {
        Add,
        Update,
        Delete,
        Synced,
    }

    private readonly record struct Notification(Kind Kind, T? Old, T? New, bool Flag);
}
