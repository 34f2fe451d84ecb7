using k8s;

namespace Clusternet.Clients;

/// <summary>One change seen by a watch: its type (ADDED, MODIFIED, DELETED, BOOKMARK) and the object.</summary>
/// <typeparam name="T">The object type.</typeparam>
/// <param name="Type">The event type (KubernetesClient's <see cref="WatchEventType"/>).</param>
/// <param name="Object">The object after the change; for BOOKMARK only its resourceVersion is meaningful.</param>
public sealed record WatchEvent<T>(WatchEventType Type, T Object);
