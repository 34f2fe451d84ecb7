using System.Net;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>
/// The server refused a call and said why in a Kubernetes <c>Status</c>. Subclasses name the common
/// reasons so callers can catch what they handle (<see cref="NotFoundException"/>, <see cref="ConflictException"/>, …).
/// </summary>
public class KubernetesApiException : Exception
{
    /// <summary>Creates the exception from the server's answer.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="status">The Status object the server sent (synthesised from the body when it sent none).</param>
    public KubernetesApiException(HttpStatusCode statusCode, V1Status status)
        : base(status.Message is { Length: > 0 } m ? m : $"The server answered {(int)statusCode} {status.Reason}")
    {
        StatusCode = statusCode;
        Status = status;
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The server's Status object.</summary>
    public V1Status Status { get; }

    /// <summary>The machine-readable reason (<c>NotFound</c>, <c>AlreadyExists</c>, <c>Conflict</c>, <c>Invalid</c>, …).</summary>
    public string? Reason => Status.Reason;

    /// <summary>The field-level causes the server gave, if any.</summary>
    public IReadOnlyList<V1StatusCause> Causes => Status.Details?.Causes is { } c ? c.ToArray() : [];
}

/// <summary>404 NotFound: no such object (or no such resource).</summary>
public sealed class NotFoundException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>409 AlreadyExists: an object with that name exists.</summary>
public sealed class AlreadyExistsException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>409 Conflict: the object changed since it was read (optimistic concurrency), or a precondition failed.</summary>
public sealed class ConflictException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>422 Invalid: the object failed validation; <see cref="KubernetesApiException.Causes"/> has every field path and message.</summary>
public sealed class InvalidException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>400 BadRequest: the request itself was malformed.</summary>
public sealed class BadRequestException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>401 Unauthorized: no valid credentials.</summary>
public sealed class UnauthorizedException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>403 Forbidden: the caller may not do this.</summary>
public sealed class ForbiddenException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>405 MethodNotAllowed: the resource does not support this verb.</summary>
public sealed class MethodNotAllowedException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>410 Gone / reason Expired: the requested resourceVersion is too old; re-list and watch again.</summary>
public sealed class ExpiredException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>429 TooManyRequests: the server is throttling; <see cref="RetryAfter"/> says when to try again.</summary>
public sealed class TooManyRequestsException(HttpStatusCode statusCode, V1Status status, TimeSpan? retryAfter) : KubernetesApiException(statusCode, status)
{
    /// <summary>The delay the server asked for (the <c>Retry-After</c> header or <c>details.retryAfterSeconds</c>).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>500 InternalError: the server failed.</summary>
public sealed class InternalErrorException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>504 / reason ServerTimeout or Timeout: the server could not finish in time; the call may be retried.</summary>
public sealed class ServerTimeoutException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);

/// <summary>503 ServiceUnavailable: the server (or an aggregated API behind it) is not available.</summary>
public sealed class ServiceUnavailableException(HttpStatusCode statusCode, V1Status status) : KubernetesApiException(statusCode, status);
