namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// The phase of a Description (<c>status.phase</c>). The values are the CRD's enum, which has
/// <see cref="Pending"/> although upstream's Go code defines no constant for it.
/// </summary>
public static class DescriptionPhase
{
    /// <summary>Nothing has been deployed yet.</summary>
    public const string Pending = "Pending";

    /// <summary>Every object or release was deployed.</summary>
    public const string Success = "Success";

    /// <summary>Deployment failed; the reason says why.</summary>
    public const string Failure = "Failure";

    /// <summary>A Helm release is being installed.</summary>
    public const string Installing = "Installing";

    /// <summary>A Helm release is being upgraded.</summary>
    public const string Upgrading = "Upgrading";

    /// <summary>A Helm release is being removed.</summary>
    public const string Uninstalling = "Uninstalling";

    /// <summary>A Helm release was replaced by a newer revision.</summary>
    public const string Superseded = "Superseded";

    /// <summary>The state could not be determined.</summary>
    public const string Unknown = "Unknown";
}
