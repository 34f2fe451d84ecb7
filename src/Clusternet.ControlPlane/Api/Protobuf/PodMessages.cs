namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Descriptors of the core/v1 pod template messages a workload generator (<c>kubectl create deployment</c>) fills: containers
/// with image, command, args, ports, env, resources and pull policy, and the common pod-level settings. Volumes, probes,
/// lifecycle hooks, affinity and security contexts are not in the table and are skipped.
/// </summary>
internal static class PodMessages
{
    /// <summary><c>ContainerPort</c>; <c>containerPort</c> has no omitempty.</summary>
    public static readonly MessageDescriptor ContainerPort = new MessageDescriptor("ContainerPort")
        .String(1, "name")
        .Int32(2, "hostPort")
        .Int32(3, "containerPort", keepZero: true)
        .String(4, "protocol")
        .String(5, "hostIP");

    /// <summary><c>ConfigMapKeySelector</c> and <c>SecretKeySelector</c> share this shape.</summary>
    public static readonly MessageDescriptor KeySelector = new MessageDescriptor("KeySelector")
        .Inline(1, CoreMessages.LocalObjectReference)
        .String(2, "key", keepZero: true)
        .Bool(3, "optional", keepZero: true);

    /// <summary><c>EnvVarSource</c>.</summary>
    public static readonly MessageDescriptor EnvVarSource = new MessageDescriptor("EnvVarSource")
        .Message(1, "fieldRef", new MessageDescriptor("ObjectFieldSelector")
            .String(1, "apiVersion")
            .String(2, "fieldPath", keepZero: true))
        .Message(2, "resourceFieldRef", new MessageDescriptor("ResourceFieldSelector")
            .String(1, "containerName")
            .String(2, "resource", keepZero: true)
            .Message(3, "divisor", MetaMessages.Quantity))
        .Message(3, "configMapKeyRef", KeySelector)
        .Message(4, "secretKeyRef", KeySelector);

    /// <summary><c>EnvVar</c>.</summary>
    public static readonly MessageDescriptor EnvVar = new MessageDescriptor("EnvVar")
        .String(1, "name", keepZero: true)
        .String(2, "value")
        .Message(3, "valueFrom", EnvVarSource);

    /// <summary><c>ConfigMapEnvSource</c> and <c>SecretEnvSource</c> share this shape.</summary>
    public static readonly MessageDescriptor EnvSource = new MessageDescriptor("EnvSource")
        .Inline(1, CoreMessages.LocalObjectReference)
        .Bool(2, "optional", keepZero: true);

    /// <summary><c>EnvFromSource</c>.</summary>
    public static readonly MessageDescriptor EnvFromSource = new MessageDescriptor("EnvFromSource")
        .String(1, "prefix")
        .Message(2, "configMapRef", EnvSource)
        .Message(3, "secretRef", EnvSource);

    /// <summary><c>ResourceRequirements</c>: quantities keyed by resource name.</summary>
    public static readonly MessageDescriptor ResourceRequirements = new MessageDescriptor("ResourceRequirements")
        .MessageMap(1, "limits", MetaMessages.Quantity)
        .MessageMap(2, "requests", MetaMessages.Quantity)
        .Messages(3, "claims", new MessageDescriptor("ResourceClaim")
            .String(1, "name", keepZero: true)
            .String(2, "request"));

    /// <summary><c>VolumeMount</c>.</summary>
    public static readonly MessageDescriptor VolumeMount = new MessageDescriptor("VolumeMount")
        .String(1, "name", keepZero: true)
        .Bool(2, "readOnly")
        .String(7, "recursiveReadOnly", keepZero: true)
        .String(3, "mountPath", keepZero: true)
        .String(4, "subPath")
        .String(5, "mountPropagation", keepZero: true)
        .String(6, "subPathExpr");

    /// <summary><c>Container</c>; <c>name</c> has no omitempty.</summary>
    public static readonly MessageDescriptor Container = new MessageDescriptor("Container")
        .String(1, "name", keepZero: true)
        .String(2, "image")
        .Strings(3, "command")
        .Strings(4, "args")
        .String(5, "workingDir")
        .Messages(6, "ports", ContainerPort)
        .Messages(19, "envFrom", EnvFromSource)
        .Messages(7, "env", EnvVar)
        .Message(8, "resources", ResourceRequirements)
        .String(24, "restartPolicy", keepZero: true)
        .Messages(9, "volumeMounts", VolumeMount)
        .String(13, "terminationMessagePath")
        .String(20, "terminationMessagePolicy")
        .String(14, "imagePullPolicy")
        .Bool(16, "stdin")
        .Bool(17, "stdinOnce")
        .Bool(18, "tty");

    /// <summary><c>Toleration</c>.</summary>
    public static readonly MessageDescriptor Toleration = new MessageDescriptor("Toleration")
        .String(1, "key")
        .String(2, "operator")
        .String(3, "value")
        .String(4, "effect")
        .Int64(5, "tolerationSeconds", keepZero: true);

    /// <summary><c>PodSpec</c>.</summary>
    public static readonly MessageDescriptor PodSpec = new MessageDescriptor("PodSpec")
        .Messages(20, "initContainers", Container)
        .Messages(2, "containers", Container)
        .String(3, "restartPolicy")
        .Int64(4, "terminationGracePeriodSeconds", keepZero: true)
        .Int64(5, "activeDeadlineSeconds", keepZero: true)
        .String(6, "dnsPolicy")
        .StringMap(7, "nodeSelector")
        .String(8, "serviceAccountName")
        .String(9, "serviceAccount")
        .Bool(21, "automountServiceAccountToken", keepZero: true)
        .String(10, "nodeName")
        .Bool(11, "hostNetwork")
        .Bool(12, "hostPID")
        .Bool(13, "hostIPC")
        .Bool(27, "shareProcessNamespace", keepZero: true)
        .Messages(15, "imagePullSecrets", CoreMessages.LocalObjectReference)
        .String(16, "hostname")
        .String(17, "subdomain")
        .String(19, "schedulerName")
        .Messages(22, "tolerations", Toleration)
        .String(24, "priorityClassName")
        .Int32(25, "priority", keepZero: true)
        .String(29, "runtimeClassName", keepZero: true)
        .Bool(30, "enableServiceLinks", keepZero: true)
        .String(31, "preemptionPolicy", keepZero: true)
        .MessageMap(32, "overhead", MetaMessages.Quantity)
        .Bool(35, "setHostnameAsFQDN", keepZero: true)
        .Bool(37, "hostUsers", keepZero: true)
        .Message(40, "resources", ResourceRequirements)
        .String(41, "hostnameOverride", keepZero: true);

    /// <summary><c>PodTemplateSpec</c>.</summary>
    public static readonly MessageDescriptor PodTemplateSpec = new MessageDescriptor("PodTemplateSpec")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", PodSpec);
}
