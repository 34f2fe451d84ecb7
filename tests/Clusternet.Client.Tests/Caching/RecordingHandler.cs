using System.Threading.Channels;
using k8s.Models;

namespace Clusternet.Client.Tests.Caching;

/// <summary>Records what a handler is told as short lines (<c>add a 3 initial</c>, <c>update a 3-&gt;4</c>, <c>delete b 5 tombstone</c>).</summary>
internal sealed class RecordingHandler : Clusternet.Caching.IResourceEventHandler<V1ConfigMap>
{
    private readonly Channel<string> _events = Channel.CreateUnbounded<string>();

    public int Pending => _events.Reader.Count;

    public List<(V1ConfigMap Old, V1ConfigMap New)> Updates { get; } = [];

    public void OnAdd(V1ConfigMap obj, bool isInInitialList)
        => _events.Writer.TryWrite($"add {obj.Name()} {obj.ResourceVersion()}{(isInInitialList ? " initial" : "")}");

    public void OnUpdate(V1ConfigMap oldObj, V1ConfigMap newObj)
    {
        lock (Updates)
        {
            Updates.Add((oldObj, newObj));
        }

        _events.Writer.TryWrite($"update {newObj.Name()} {oldObj.ResourceVersion()}->{newObj.ResourceVersion()}");
    }

    public void OnDelete(V1ConfigMap obj, bool finalStateUnknown)
        => _events.Writer.TryWrite($"delete {obj.Name()} {obj.ResourceVersion()}{(finalStateUnknown ? " tombstone" : "")}");

    public async Task<string[]> TakeAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = await _events.Reader.ReadAsync(timeout.Token);
        }

        return result;
    }

    public async Task<string> NextAsync() => (await TakeAsync(1))[0];
}
