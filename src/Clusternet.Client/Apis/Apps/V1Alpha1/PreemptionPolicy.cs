namespace Clusternet.Apis.Apps.V1Alpha1;

/// <summary>
/// Whether a Subscription may displace Subscriptions of lower priority (<c>spec.preemptionPolicy</c>).
/// The values are the CRD's enum. Upstream's Go constant for "never" is the string <c>Never</c>, which
/// the CRD rejects; the CRD wins here, so <see cref="PreemptNever"/> is <c>PreemptNever</c>.
/// </summary>
public static class PreemptionPolicy
{
    /// <summary>The Subscription may preempt Subscriptions of lower priority; the server's default.</summary>
    public const string PreemptLowerPriority = "PreemptLowerPriority";

    /// <summary>The Subscription never preempts others.</summary>
    public const string PreemptNever = "PreemptNever";
}
