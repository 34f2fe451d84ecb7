namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>Descriptors of the apps/v1 messages kubectl's generators create (k8s.io/api apps/v1 generated.proto).</summary>
internal static class AppsMessages
{
    /// <summary><c>DeploymentCondition</c>.</summary>
    public static readonly MessageDescriptor DeploymentCondition = new MessageDescriptor("DeploymentCondition")
        .String(1, "type", keepZero: true)
        .String(2, "status", keepZero: true)
        .Message(6, "lastUpdateTime", MetaMessages.Time)
        .Message(7, "lastTransitionTime", MetaMessages.Time)
        .String(4, "reason")
        .String(5, "message");

    /// <summary><c>DeploymentSpec</c>; <c>replicas</c> is a pointer in Go, so a sent 0 is kept.</summary>
    public static readonly MessageDescriptor DeploymentSpec = new MessageDescriptor("DeploymentSpec")
        .Int32(1, "replicas", keepZero: true)
        .Message(2, "selector", MetaMessages.LabelSelector)
        .Message(3, "template", PodMessages.PodTemplateSpec)
        .Message(4, "strategy", new MessageDescriptor("DeploymentStrategy")
            .String(1, "type")
            .Message(2, "rollingUpdate", new MessageDescriptor("RollingUpdateDeployment")
                .Message(1, "maxUnavailable", MetaMessages.IntOrString)
                .Message(2, "maxSurge", MetaMessages.IntOrString)))
        .Int32(5, "minReadySeconds")
        .Int32(6, "revisionHistoryLimit", keepZero: true)
        .Bool(7, "paused")
        .Int32(9, "progressDeadlineSeconds", keepZero: true);

    /// <summary><c>DeploymentStatus</c>.</summary>
    public static readonly MessageDescriptor DeploymentStatus = new MessageDescriptor("DeploymentStatus")
        .Int64(1, "observedGeneration")
        .Int32(2, "replicas")
        .Int32(3, "updatedReplicas")
        .Int32(7, "readyReplicas")
        .Int32(4, "availableReplicas")
        .Int32(5, "unavailableReplicas")
        .Int32(9, "terminatingReplicas", keepZero: true)
        .Messages(6, "conditions", DeploymentCondition)
        .Int32(8, "collisionCount", keepZero: true);

    /// <summary><c>Deployment</c>.</summary>
    public static readonly MessageDescriptor Deployment = new MessageDescriptor("Deployment")
        .Message(1, "metadata", MetaMessages.ObjectMeta)
        .Message(2, "spec", DeploymentSpec)
        .Message(3, "status", DeploymentStatus);
}
