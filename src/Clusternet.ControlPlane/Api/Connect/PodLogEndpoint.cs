using System.Globalization;
using System.Text;
using Clusternet.ControlPlane.Api.Rest;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>
/// The <c>pods/&lt;name&gt;/log</c> subresource (<c>kubectl logs</c>, KubernetesClient's <c>ReadNamespacedPodLogAsync</c>).
/// A simulated container writes one line when it starts — <c>simulated container &lt;name&gt; started (image &lt;image&gt;)</c>,
/// at its <c>startedAt</c> — and nothing after, so that is its whole log. The query is kube's PodLogOptions:
/// <c>container</c> (needed when the pod has several), <c>timestamps</c>, <c>tailLines</c>, <c>sinceSeconds</c> or
/// <c>sinceTime</c>, <c>limitBytes</c>, <c>previous</c> (a simulated container never restarts, so there is no previous
/// one) and <c>follow</c>, which keeps the response open, as for a running container, until the client leaves.
/// </summary>
internal sealed class PodLogEndpoint(ApiServices services)
{
    public async Task HandleAsync(ResourceRequest request)
    {
        if (request.Info.Verb != "get")
        {
            throw ResourceErrors.MethodNotAllowed(request.Info.Verb);
        }

        var query = request.Context.Request.Query;
        var options = Parse(query, request.Name);
        var pod = await PodConnectRequest.ReadPodAsync(services, request).ConfigureAwait(false);
        var containers = pod.Spec?.Containers ?? [];
        var name = options.Container;
        if (name is null)
        {
            name = containers.Count == 1
                ? containers[0].Name
                : throw ResourceErrors.BadRequest($"a container name must be specified for pod {request.Name}, choose one of: [{string.Join(" ", containers.Select(c => c.Name))}]");
        }

        var container = containers.FirstOrDefault(c => c.Name == name)
            ?? throw ResourceErrors.BadRequest($"container {name} is not valid for pod {request.Name}");
        var status = pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == name);
        if (status?.State?.Running?.StartedAt is not { } started)
        {
            var reason = status?.State?.Waiting?.Reason ?? "ContainerCreating";
            throw ResourceErrors.BadRequest($"container \"{name}\" in pod \"{request.Name}\" is waiting to start: {reason}");
        }

        if (options.Previous)
        {
            throw ResourceErrors.BadRequest($"previous terminated container \"{name}\" in pod \"{request.Name}\" not found");
        }

        var text = Render(options, started.ToUniversalTime(), $"simulated container {name} started (image {container.Image})");
        var response = request.Context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/plain";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), request.Aborted).ConfigureAwait(false);
        if (options.Follow)
        {
            // A running container's log is never finished: the stream stays open until the client goes away.
            await response.Body.FlushAsync(request.Aborted).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, request.Aborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static string Render(LogOptions options, DateTime started, string line)
    {
        var since = options.SinceTime ?? (options.SinceSeconds is { } seconds ? DateTime.UtcNow.AddSeconds(-seconds) : null);
        if (since is { } from && started < from || options.TailLines == 0)
        {
            return string.Empty;
        }

        // RFC3339Nano as Go writes it: the fraction without trailing zeros, no dot when it is zero.
        var text = (options.Timestamps ? started.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z' ", CultureInfo.InvariantCulture) : string.Empty) + line + "\n";
        if (options.LimitBytes is { } limit && Encoding.UTF8.GetByteCount(text) > limit)
        {
            text = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text), 0, (int)Math.Min(limit, int.MaxValue));
        }

        return text;
    }

    private static LogOptions Parse(IQueryCollection query, string pod)
    {
        var sinceSeconds = Number(query, "sinceSeconds", pod, minimum: 1, "must be greater than 0");
        var tailLines = Number(query, "tailLines", pod, minimum: 0, "must be greater than or equal to 0");
        var limitBytes = Number(query, "limitBytes", pod, minimum: 1, "must be greater than 0");
        DateTime? sinceTime = null;
        if (query["sinceTime"].FirstOrDefault() is { Length: > 0 } sinceText)
        {
            sinceTime = DateTime.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
                ? parsed
                : throw ResourceErrors.BadRequest($"parsing time \"{sinceText}\" as RFC3339 failed");
            if (sinceSeconds is not null)
            {
                throw Invalid(pod, "sinceSeconds", "at most one of `sinceTime` or `sinceSeconds` may be specified", null);
            }
        }

        return new LogOptions(
            query["container"].FirstOrDefault() is { Length: > 0 } container ? container : null,
            Flag(query, "follow"),
            Flag(query, "previous"),
            Flag(query, "timestamps"),
            sinceSeconds,
            sinceTime,
            tailLines,
            limitBytes);
    }

    private static long? Number(IQueryCollection query, string name, string pod, long minimum, string requirement)
    {
        if (query[name].FirstOrDefault() is not { Length: > 0 } text)
        {
            return null;
        }

        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw ResourceErrors.BadRequest($"{name}: invalid value \"{text}\": not a number");
        }

        return value >= minimum ? value : throw Invalid(pod, name, requirement, value);
    }

    private static StatusException Invalid(string pod, string field, string requirement, long? value)
    {
        var detail = value is { } v ? $"Invalid value: {v}: {requirement}" : $"Forbidden: {requirement}";
        return StatusException.Create(422, "Invalid", $"PodLogOptions.core \"{pod}\" is invalid: {field}: {detail}", new V1StatusDetails
        {
            Group = string.Empty,
            Kind = "PodLogOptions",
            Name = pod,
            Causes = [new V1StatusCause { Reason = value is null ? "FieldValueForbidden" : "FieldValueInvalid", Field = field, Message = detail }],
        });
    }

    private static bool Flag(IQueryCollection query, string name) =>
        query[name].FirstOrDefault() is "1" or "t" or "T" or "true" or "TRUE" or "True";

    private sealed record LogOptions(
        string? Container, bool Follow, bool Previous, bool Timestamps, long? SinceSeconds, DateTime? SinceTime, long? TailLines, long? LimitBytes);
}
