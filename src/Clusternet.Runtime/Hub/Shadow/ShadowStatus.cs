using System.Net;
using System.Text.Json.Nodes;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>Kubernetes <c>meta/v1 Status</c> bodies the shadow API answers with, worded as kube-apiserver words them.</summary>
internal static class ShadowStatus
{
    public static JsonObject Failure(HttpStatusCode code, string reason, string message, JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = message,
            ["reason"] = reason,
            ["code"] = (int)code,
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        return status;
    }

    public static JsonObject Success(JsonObject? details = null)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        };
        if (details is not null)
        {
            status["details"] = details;
        }

        return status;
    }

    /// <summary>The <c>details</c> of a Status about one object: <c>{name, group, kind}</c>, kind being the plural as kube writes it.</summary>
    public static JsonObject Details(ShadowResource resource, string? name)
    {
        var details = new JsonObject();
        if (!string.IsNullOrEmpty(name))
        {
            details["name"] = name;
        }

        if (!string.IsNullOrEmpty(resource.Group))
        {
            details["group"] = resource.Group;
        }

        details["kind"] = resource.Plural;
        return details;
    }

    public static ShadowException NotFound(ShadowResource resource, string name) =>
        new(HttpStatusCode.NotFound, Failure(HttpStatusCode.NotFound, "NotFound", $"{resource.GroupResource} \"{name}\" not found", Details(resource, name)));

    public static ShadowException AlreadyExists(ShadowResource resource, string name) =>
        new(HttpStatusCode.Conflict, Failure(HttpStatusCode.Conflict, "AlreadyExists", $"{resource.GroupResource} \"{name}\" already exists", Details(resource, name)));

    public static ShadowException Conflict(ShadowResource resource, string name, string why) =>
        new(HttpStatusCode.Conflict, Failure(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {resource.GroupResource} \"{name}\": {why}", Details(resource, name)));

    public static ShadowException BadRequest(string message) =>
        new(HttpStatusCode.BadRequest, Failure(HttpStatusCode.BadRequest, "BadRequest", message));

    public static ShadowException Invalid(ShadowResource resource, string name, string field, string value, string detail)
    {
        var details = Details(resource, name);
        details["kind"] = resource.Kind;
        details["causes"] = new JsonArray(new JsonObject { ["reason"] = "FieldValueInvalid", ["message"] = $"Invalid value: \"{value}\": {detail}", ["field"] = field });
        return new(HttpStatusCode.UnprocessableEntity, Failure(
            HttpStatusCode.UnprocessableEntity, "Invalid", $"{resource.Kind} \"{name}\" is invalid: {field}: Invalid value: \"{value}\": {detail}", details));
    }

    public static ShadowException MethodNotAllowed(string message) =>
        new(HttpStatusCode.MethodNotAllowed, Failure(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", message));

    public static ShadowException UnsupportedMediaType(string message) =>
        new(HttpStatusCode.UnsupportedMediaType, Failure(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", message));

    public static ShadowException NotAcceptable(string message) =>
        new(HttpStatusCode.NotAcceptable, Failure(HttpStatusCode.NotAcceptable, "NotAcceptable", message));

    public static ShadowException ResourceNotFound(string path) =>
        new(HttpStatusCode.NotFound, Failure(HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource (shadow {path})"));
}

/// <summary>A request the shadow API answers with a Status (its own or the parent's, passed through).</summary>
internal sealed class ShadowException(HttpStatusCode statusCode, JsonNode status) : Exception(status["message"]?.ToString() ?? statusCode.ToString())
{
    public HttpStatusCode StatusCode { get; } = statusCode;

    public JsonNode Status { get; } = status;
}
