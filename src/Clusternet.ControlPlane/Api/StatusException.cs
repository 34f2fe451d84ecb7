using k8s.Models;

namespace Clusternet.ControlPlane.Api;

/// <summary>
/// A request the server refuses, with the Kubernetes <c>Status</c> it answers (reason, code, message,
/// details with causes). Any stage of the request pipeline — admission, storage mapping, handlers — throws
/// it; the pipeline writes <see cref="Status"/> as the response body with <c>Status.Code</c> as HTTP status.
/// </summary>
public sealed class StatusException : Exception
{
    /// <summary>Creates the exception from a complete Status.</summary>
    /// <param name="status">The Status to answer; its <c>Code</c> is the HTTP status.</param>
    public StatusException(V1Status status)
        : base(status?.Message)
    {
        ArgumentNullException.ThrowIfNull(status);
        Status = status;
    }

    /// <summary>The Status the server answers.</summary>
    public V1Status Status { get; }

    /// <summary>Builds a Failure Status with the given code, reason and message (and optional details).</summary>
    /// <param name="code">The HTTP status code, such as 404.</param>
    /// <param name="reason">The machine-readable reason, such as <c>NotFound</c>.</param>
    /// <param name="message">The human-readable message, as kube-apiserver words it.</param>
    /// <param name="details">Optional details: name, group, kind, causes.</param>
    public static StatusException Create(int code, string reason, string message, V1StatusDetails? details = null) =>
        new(new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Status = "Failure",
            Code = code,
            Reason = reason,
            Message = message,
            Details = details,
            Metadata = new V1ListMeta(),
        });
}
