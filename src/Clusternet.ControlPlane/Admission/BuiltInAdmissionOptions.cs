namespace Clusternet.ControlPlane.Admission;

/// <summary>Settings of the built-in admission plugins that differ between control planes.</summary>
public sealed record BuiltInAdmissionOptions
{
    /// <summary>
    /// The IPv4 range Service cluster IPs come from, in CIDR notation (kube-apiserver's
    /// <c>--service-cluster-ip-range</c>); <c>10.96.0.0/12</c>, kubeadm's default, when not set.
    /// </summary>
    public string ServiceClusterIPRange { get; init; } = "10.96.0.0/12";

    /// <summary>The clock for how long an allocated cluster IP stays reserved before its Service is stored.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
