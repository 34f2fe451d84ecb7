namespace Clusternet.ControlPlane.Api;

/// <summary>
/// What <c>/readyz</c> reports. A real API server turns not-ready while its storage or a post-start hook fails; the
/// embedded one can be told to, so fault tests can watch clients (an agent's health check, a load balancer) react.
/// </summary>
internal sealed class HealthState
{
    private volatile string? notReadyReason;

    /// <summary>Null when ready; otherwise the failing check's message, reported by <c>/readyz</c> with 500.</summary>
    public string? NotReadyReason => notReadyReason;

    /// <summary>Makes <c>/readyz</c> fail with <paramref name="reason"/>, or succeed again when null.</summary>
    public void SetNotReady(string? reason) => notReadyReason = reason;
}
