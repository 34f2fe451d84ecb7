namespace Clusternet.ControlPlane.Storage;

/// <summary>Namespace and name within one resource, ordered as lists return them; "" is the cluster scope.</summary>
internal readonly record struct ObjectName(string Namespace, string Name) : IComparable<ObjectName>
{
    public static ObjectName Of(StorageKey key) => new(key.Namespace ?? string.Empty, key.Name);

    public StorageKey ToKey(string resource) => new(resource, Namespace.Length == 0 ? null : Namespace, Name);

    public int CompareTo(ObjectName other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }
}
