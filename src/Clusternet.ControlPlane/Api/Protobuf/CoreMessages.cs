namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Descriptors of the core/v1 messages kubectl's generators create (k8s.io/api core/v1 generated.proto numbers, Go JSON
/// names and omission rules). Fields outside this table are skipped, so a type here decodes what kubectl sends, not every
/// field the type has.
/// </summary>
internal static class CoreMessages
{
    /// <summary><c>ConfigMap</c>.</summary>
    public static readonly MessageDescriptor ConfigMap = new MessageDescriptor("ConfigMap")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Bool(4, "immutable", keepZero: true)
        .StringMap(2, "data")
        .BytesMap(3, "binaryData");

    /// <summary><c>Secret</c>. kubectl sends <c>type</c> as <c>""</c> when none is given; it is omitted, to be defaulted.</summary>
    public static readonly MessageDescriptor Secret = new MessageDescriptor("Secret")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Bool(5, "immutable", keepZero: true)
        .BytesMap(2, "data")
        .StringMap(4, "stringData")
        .String(3, "type");

    /// <summary><c>NamespaceCondition</c>.</summary>
    public static readonly MessageDescriptor NamespaceCondition = new MessageDescriptor("NamespaceCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Message(4, "lastTransitionTime", MetaMessages.Time)
        .String(5, "reason")
        .String(6, "message");

    /// <summary><c>Namespace</c>.</summary>
    public static readonly MessageDescriptor Namespace = new MessageDescriptor("Namespace")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", new MessageDescriptor("NamespaceSpec")
            .Strings(1, "finalizers"))
        .Message(3, "status", new MessageDescriptor("NamespaceStatus")
            .String(1, "phase")
            .Messages(2, "conditions", NamespaceCondition));

    /// <summary><c>ObjectReference</c>.</summary>
    public static readonly MessageDescriptor ObjectReference = new MessageDescriptor("ObjectReference")
        .String(1, "kind")
        .String(2, "namespace")
        .String(3, "name")
        .String(4, "uid")
        .String(5, "apiVersion")
        .String(6, "resourceVersion")
        .String(7, "fieldPath");

    /// <summary><c>LocalObjectReference</c>.</summary>
    public static readonly MessageDescriptor LocalObjectReference = new MessageDescriptor("LocalObjectReference")
        .String(1, "name");

    /// <summary><c>ServiceAccount</c>.</summary>
    public static readonly MessageDescriptor ServiceAccount = new MessageDescriptor("ServiceAccount")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Messages(2, "secrets", ObjectReference)
        .Messages(3, "imagePullSecrets", LocalObjectReference)
        .Bool(4, "automountServiceAccountToken", keepZero: true);

    /// <summary><c>ServicePort</c>; <c>port</c> has no omitempty.</summary>
    public static readonly MessageDescriptor ServicePort = new MessageDescriptor("ServicePort")
        .String(1, "name")
        .String(2, "protocol")
        .String(6, "appProtocol", keepZero: true)
        .Int32(3, "port", keepZero: true)
        .Message(4, "targetPort", MetaMessages.IntOrString)
        .Int32(5, "nodePort");

    /// <summary><c>ServiceSpec</c>.</summary>
    public static readonly MessageDescriptor ServiceSpec = new MessageDescriptor("ServiceSpec")
        .Messages(1, "ports", ServicePort)
        .StringMap(2, "selector")
        .String(3, "clusterIP")
        .Strings(18, "clusterIPs")
        .String(4, "type")
        .Strings(5, "externalIPs")
        .String(7, "sessionAffinity")
        .String(8, "loadBalancerIP")
        .Strings(9, "loadBalancerSourceRanges")
        .String(10, "externalName")
        .String(11, "externalTrafficPolicy")
        .Int32(12, "healthCheckNodePort")
        .Bool(13, "publishNotReadyAddresses")
        .Message(14, "sessionAffinityConfig", new MessageDescriptor("SessionAffinityConfig")
            .Message(1, "clientIP", new MessageDescriptor("ClientIPConfig")
                .Int32(1, "timeoutSeconds", keepZero: true)))
        .Strings(19, "ipFamilies")
        .String(17, "ipFamilyPolicy", keepZero: true)
        .Bool(20, "allocateLoadBalancerNodePorts", keepZero: true)
        .String(21, "loadBalancerClass", keepZero: true)
        .String(22, "internalTrafficPolicy", keepZero: true)
        .String(23, "trafficDistribution", keepZero: true);

    /// <summary><c>ServiceStatus</c>.</summary>
    public static readonly MessageDescriptor ServiceStatus = new MessageDescriptor("ServiceStatus")
        .Message(1, "loadBalancer", new MessageDescriptor("LoadBalancerStatus")
            .Messages(1, "ingress", new MessageDescriptor("LoadBalancerIngress")
                .String(1, "ip")
                .String(2, "hostname")
                .String(3, "ipMode", keepZero: true)
                .Messages(4, "ports", new MessageDescriptor("PortStatus")
                    .Int32(1, "port", keepZero: true)
                    .String(2, "protocol", keepZero: true)
                    .String(3, "error", keepZero: true))))
        .Messages(2, "conditions", MetaMessages.Condition);

    /// <summary><c>Service</c>.</summary>
    public static readonly MessageDescriptor Service = new MessageDescriptor("Service")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", ServiceSpec)
        .Message(3, "status", ServiceStatus);
}
