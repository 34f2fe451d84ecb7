namespace Clusternet.Apis.Clusters.V1Beta1;

/// <summary>
/// The outcomes the approver writes into <c>status.result</c> of a ClusterRegistrationRequest.
/// The CRD has no enum for the field; no other value is ever written.
/// </summary>
public static class ApprovedResult
{
    /// <summary>The request was refused, for example because its name does not match its cluster ID.</summary>
    public const string Denied = "Denied";

    /// <summary>Every object the child needs exists; the status carries its credentials.</summary>
    public const string Approved = "Approved";

    /// <summary>The approver could not finish creating the child's objects; see <c>status.errorMessage</c>.</summary>
    public const string Failed = "Failed";
}
