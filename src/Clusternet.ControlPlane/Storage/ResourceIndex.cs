namespace Clusternet.ControlPlane.Storage;

/// <summary>The current objects of one resource, by key and in list order. Not thread-safe: the watch cache locks it.</summary>
internal sealed class ResourceIndex
{
    private readonly SortedSet<ObjectName> _order = [];
    private readonly Dictionary<ObjectName, StoreElement> _objects = [];

    public int Count => _objects.Count;

    public StoreElement? Get(ObjectName name) => _objects.GetValueOrDefault(name);

    public bool Contains(ObjectName name) => _objects.ContainsKey(name);

    public void Set(ObjectName name, StoreElement obj)
    {
        if (_objects.TryAdd(name, obj))
        {
            _order.Add(name);
        }
        else
        {
            _objects[name] = obj;
        }
    }

    public void Remove(ObjectName name)
    {
        if (_objects.Remove(name))
        {
            _order.Remove(name);
        }
    }

    /// <summary>Names in order within a namespace (or all with null), strictly after <paramref name="after"/> when given.</summary>
    public IEnumerable<ObjectName> Names(string? @namespace, ObjectName? after)
    {
        if (_order.Count == 0)
        {
            return [];
        }

        // Namespaces never contain NUL, so (ns + "\0", "") sorts after every name in ns and before the next namespace.
        var lower = @namespace is null ? _order.Min : new ObjectName(@namespace, string.Empty);
        var upper = @namespace is null ? _order.Max : new ObjectName(@namespace + "\0", string.Empty);
        if (after is { } a && a.CompareTo(lower) > 0)
        {
            lower = a;
        }

        if (lower.CompareTo(upper) > 0)
        {
            return [];
        }

        var view = _order.GetViewBetween(lower, upper);
        return after is { } skip ? view.Where(n => n.CompareTo(skip) > 0) : view;
    }
}
