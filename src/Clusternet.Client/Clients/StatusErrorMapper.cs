using System.Net;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Clusternet.Clients;

/// <summary>
/// Turns a refused call into the typed exception of <see cref="KubernetesApiException"/>'s hierarchy. The
/// apiserver explains every refusal with a <c>Status</c> whose <c>reason</c> is more precise than the HTTP code
/// (409 is both AlreadyExists and Conflict; a watch ERROR event arrives inside a 200), so the reason decides
/// first and the code only when the reason is missing or unknown.
/// </summary>
internal static class StatusErrorMapper
{
    // Long HTML error pages from proxies are cut: the message is for humans, the code decides the type.
    private const int MaxSynthesisedMessageLength = 4096;

    /// <summary>Reads a non-2xx response (Status or not) and maps it.</summary>
    public static async Task<KubernetesApiException> FromResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var status = TryReadStatus(body) ?? Synthesise(response.StatusCode, body);
        return Map(response.StatusCode, status, RetryAfterHeader(response));
    }

    /// <summary>Maps a Status (from a response body or a watch ERROR event) to its exception.</summary>
    /// <param name="httpCode">The HTTP code of the response; for watch ERROR events, the Status's own code.</param>
    /// <param name="status">The Status.</param>
    /// <param name="retryAfter">The <c>Retry-After</c> header, if any; <c>details.retryAfterSeconds</c> is the fallback.</param>
    public static KubernetesApiException Map(HttpStatusCode httpCode, V1Status status, TimeSpan? retryAfter = null)
    {
        var code = status.Code is int c and > 0 ? (HttpStatusCode)c : httpCode;
        var byReason = status.Reason switch
        {
            "NotFound" => new NotFoundException(httpCode, status),
            "AlreadyExists" => new AlreadyExistsException(httpCode, status),
            "Conflict" => new ConflictException(httpCode, status),
            "Invalid" => new InvalidException(httpCode, status),
            "BadRequest" => new BadRequestException(httpCode, status),
            "Unauthorized" => new UnauthorizedException(httpCode, status),
            "Forbidden" => new ForbiddenException(httpCode, status),
            "MethodNotAllowed" => new MethodNotAllowedException(httpCode, status),
            "Gone" or "Expired" => new ExpiredException(httpCode, status),
            "TooManyRequests" => TooManyRequests(httpCode, status, retryAfter),
            "InternalError" => new InternalErrorException(httpCode, status),
            "ServiceUnavailable" => new ServiceUnavailableException(httpCode, status),
            "ServerTimeout" or "Timeout" => new ServerTimeoutException(httpCode, status),
            _ => (KubernetesApiException?)null,
        };

        return byReason ?? (int)code switch
        {
            400 => new BadRequestException(httpCode, status),
            401 => new UnauthorizedException(httpCode, status),
            403 => new ForbiddenException(httpCode, status),
            404 => new NotFoundException(httpCode, status),
            405 => new MethodNotAllowedException(httpCode, status),
            409 => new ConflictException(httpCode, status),
            410 => new ExpiredException(httpCode, status),
            422 => new InvalidException(httpCode, status),
            429 => TooManyRequests(httpCode, status, retryAfter),
            500 => new InternalErrorException(httpCode, status),
            503 => new ServiceUnavailableException(httpCode, status),
            504 => new ServerTimeoutException(httpCode, status),
            _ => new KubernetesApiException(httpCode, status),
        };
    }

    private static TooManyRequestsException TooManyRequests(HttpStatusCode httpCode, V1Status status, TimeSpan? retryAfter)
    {
        var delay = retryAfter ?? (status.Details?.RetryAfterSeconds is int s and > 0 ? TimeSpan.FromSeconds(s) : null);
        return new TooManyRequestsException(httpCode, status, delay);
    }

    private static TimeSpan? RetryAfterHeader(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>Reads the body as a Status when it is one (<c>"kind": "Status"</c>); null for anything else.</summary>
    internal static V1Status? TryReadStatus(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String
                && kind.ValueEquals("Status"))
            {
                return KubernetesJson.Deserialize<V1Status>(document);
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page from a proxy, plain text from a load balancer): synthesised below.
        }

        return null;
    }

    /// <summary>Builds the Status the server did not send, as client-go does for non-Status error bodies.</summary>
    internal static V1Status Synthesise(HttpStatusCode code, ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length > MaxSynthesisedMessageLength)
        {
            text = text[..MaxSynthesisedMessageLength];
        }

        return new V1Status
        {
            ApiVersion = "v1",
            Kind = "Status",
            Status = "Failure",
            Code = (int)code,
            Reason = ReasonOf(code),
            Message = text.Length > 0 ? text : $"the server responded with HTTP {(int)code} and no body",
        };
    }

    private static string? ReasonOf(HttpStatusCode code) => (int)code switch
    {
        400 => "BadRequest",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        409 => "Conflict",
        410 => "Expired",
        422 => "Invalid",
        429 => "TooManyRequests",
        500 => "InternalError",
        503 => "ServiceUnavailable",
        504 => "Timeout",
        _ => null,
    };
}
