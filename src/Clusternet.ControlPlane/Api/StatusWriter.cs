using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api;

/// <summary>
/// Writes a <c>Status</c> as JSON by hand: KubernetesClient 21's serializer throws on <see cref="V1Status"/>, and
/// clients only read these fields.
/// </summary>
internal static class StatusWriter
{
    public static JsonObject ToJson(V1Status status)
    {
        var json = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = status.Status ?? "Failure",
        };
        if (status.Message is { } message)
        {
            json["message"] = message;
        }

        if (status.Reason is { } reason)
        {
            json["reason"] = reason;
        }

        if (status.Details is { } details)
        {
            var d = new JsonObject();
            Put(d, "name", details.Name);
            Put(d, "group", details.Group);
            Put(d, "kind", details.Kind);
            Put(d, "uid", details.Uid);
            if (details.Causes is { Count: > 0 } causes)
            {
                var array = new JsonArray();
                foreach (var cause in causes)
                {
                    var c = new JsonObject();
                    Put(c, "reason", cause.Reason);
                    Put(c, "message", cause.Message);
                    Put(c, "field", cause.Field);
                    array.Add(c);
                }

                d["causes"] = array;
            }

            if (details.RetryAfterSeconds is { } retry)
            {
                d["retryAfterSeconds"] = retry;
            }

            json["details"] = d;
        }

        if (status.Code is { } code)
        {
            json["code"] = code;
        }

        return json;
    }

    public static Task WriteAsync(HttpContext context, V1Status status)
    {
        var code = status.Code ?? StatusCodes.Status500InternalServerError;
        return ObjectResponse.WriteAsync(context, ToJson(status), code);
    }

    private static void Put(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[name] = value;
        }
    }
}
