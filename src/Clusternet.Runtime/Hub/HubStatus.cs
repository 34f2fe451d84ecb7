using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Hub;

/// <summary>Writes errors as Kubernetes <c>Status</c> objects (<c>kind: Status</c>, <c>status: Failure</c>), as every API server does.</summary>
internal static class HubStatus
{
    public static async Task WriteAsync(HttpContext context, int code, string reason, string message, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            // Too late for a status line: end the stream abruptly so the client sees an error, not a clean end.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json";
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new Dictionary<string, object>(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = code,
        });
        await context.Response.Body.WriteAsync(body, cancellationToken).ConfigureAwait(false);
    }

    public static Task BadRequestAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status400BadRequest, "BadRequest", message, cancellationToken);

    public static Task NotFoundAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status404NotFound, "NotFound", message, cancellationToken);

    public static Task UnauthorizedAsync(HttpContext context, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", "Unauthorized", cancellationToken);

    public static Task ForbiddenAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status403Forbidden, "Forbidden", message, cancellationToken);

    public static Task ServiceUnavailableAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", message, cancellationToken);

    public static Task BadGatewayAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status502BadGateway, "InternalError", message, cancellationToken);

    public static Task GatewayTimeoutAsync(HttpContext context, string message, CancellationToken cancellationToken) =>
        WriteAsync(context, StatusCodes.Status504GatewayTimeout, "Timeout", message, cancellationToken);
}
