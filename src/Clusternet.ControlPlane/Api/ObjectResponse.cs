using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api;

/// <summary>Writes JSON bodies; every answer of the server is JSON (clients that asked for protobuf accept it).</summary>
internal static class ObjectResponse
{
    /// <summary>Go escapes only what JSON requires (quotes as <c>\"</c>, not <c>\u0022</c>); clients compare messages verbatim.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, JsonNode body, int statusCode = StatusCodes.Status200OK, string contentType = ResponseNegotiation.Json) =>
        WriteAsync(context, JsonSerializer.SerializeToUtf8Bytes(body, Options), statusCode, contentType);

    public static async Task WriteAsync(HttpContext context, byte[] body, int statusCode = StatusCodes.Status200OK, string contentType = ResponseNegotiation.Json)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
