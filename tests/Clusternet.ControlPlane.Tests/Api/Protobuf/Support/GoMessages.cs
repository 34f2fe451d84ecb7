namespace Clusternet.ControlPlane.Tests.Api.Protobuf.Support;

/// <summary>Writers for the apimachinery messages as Go's generated code writes them for an object kubectl builds.</summary>
internal static class GoMessages
{
    /// <summary>
    /// ObjectMeta: every non-pointer field is written (empty strings, generation 0, an empty creationTimestamp), maps and
    /// lists only when they have items, map entries sorted by key.
    /// </summary>
    public static Action<ProtoWriter> ObjectMeta(string name, string @namespace = "", IEnumerable<KeyValuePair<string, string>>? labels = null) => m =>
    {
        m.String(1, name)
            .String(2, string.Empty)
            .String(3, @namespace)
            .String(4, string.Empty)
            .String(5, string.Empty)
            .String(6, string.Empty)
            .Varint(7, 0)
            .Message(8, _ => { });
        foreach (var (key, value) in (labels ?? []).OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            m.StringEntry(11, key, value);
        }
    };

    /// <summary>IntOrString holding a number: type, intVal and strVal are all written.</summary>
    public static Action<ProtoWriter> IntOrString(int value) => m => m.Varint(1, 0).Varint(2, value).String(3, string.Empty);

    /// <summary>IntOrString holding a string.</summary>
    public static Action<ProtoWriter> IntOrString(string value) => m => m.Varint(1, 1).Varint(2, 0).String(3, value);

    /// <summary>A Quantity.</summary>
    public static Action<ProtoWriter> Quantity(string value) => m => m.String(1, value);

    /// <summary>A map&lt;string, Quantity&gt; entry.</summary>
    public static Action<ProtoWriter> QuantityEntry(string key, string value) => e => e.String(1, key).Message(2, Quantity(value));
}
