namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// The Helm release state a HelmRelease reports (<c>status.phase</c>). These are Helm's own
/// lower-case, hyphenated names; the CRD does not restrict the field to them.
/// </summary>
public static class HelmReleasePhase
{
    /// <summary>Helm does not know the state.</summary>
    public const string Unknown = "unknown";

    /// <summary>The release is installed.</summary>
    public const string Deployed = "deployed";

    /// <summary>The release was removed.</summary>
    public const string Uninstalled = "uninstalled";

    /// <summary>A newer revision replaced this one.</summary>
    public const string Superseded = "superseded";

    /// <summary>The last operation on the release failed.</summary>
    public const string Failed = "failed";

    /// <summary>The release is being removed.</summary>
    public const string Uninstalling = "uninstalling";

    /// <summary>An install is in progress.</summary>
    public const string PendingInstall = "pending-install";

    /// <summary>An upgrade is in progress.</summary>
    public const string PendingUpgrade = "pending-upgrade";

    /// <summary>A rollback is in progress.</summary>
    public const string PendingRollback = "pending-rollback";
}
