namespace Clusternet.Known;

/// <summary>Values of the labels in <see cref="ClusternetLabels"/>.</summary>
public static class ClusternetLabelValues
{
    /// <summary>Value of <see cref="ClusternetLabels.ClusterBootstrapping"/> on Secrets holding credentials the agent obtained itself.</summary>
    public const string CredentialsAuto = "credentials-auto";

    /// <summary>Value of <see cref="ClusternetLabels.ClusterBootstrapping"/> on the default RBAC objects Clusternet installs and keeps up to date.</summary>
    public const string RbacDefaults = "rbac-defaults";

    /// <summary>The agent's component name, as written in created-by and registered-by labels.</summary>
    public const string AgentName = "clusternet-agent";

    /// <summary>The hub's component name, as written in created-by labels.</summary>
    public const string HubName = "clusternet-hub";

    /// <summary>The controller manager's component name, as written in created-by labels.</summary>
    public const string ControllerManagerName = "clusternet-controller-manager";
}
