using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Protobuf;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Core;

namespace Clusternet.ControlPlane.Api;

/// <summary>Reads request bodies: the 3 MiB limit kube-apiserver applies, then JSON, YAML or protobuf into an object.</summary>
internal static class RequestBody
{
    public static async Task<byte[]> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // The body gathers in the server's pooled pipe buffers and is copied once, at its exact size, when complete:
        // no chunk, growing stream or final copy of our own for each write request.
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                throw TooLarge(limit);
            }

            if (result.IsCompleted)
            {
                var body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The media type of the body without parameters, lower-case; JSON when absent.</summary>
    public static string MediaType(HttpRequest request)
    {
        var contentType = request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return "application/json";
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    /// <summary>Decodes an object body (create, update) by its Content-Type.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpContext context, long limit)
    {
        var bytes = await ReadAsync(context, limit).ConfigureAwait(false);
        var node = MediaType(context.Request) switch
        {
            "application/json" or "*/*" => ParseJson(bytes),
            "application/yaml" or "application/x-yaml" or "text/yaml" => ParseYaml(bytes),
            ProtobufObjectDecoder.MediaType => DecodeProtobuf(bytes),
            var other => throw StatusException.Create(
                415,
                "UnsupportedMediaType",
                $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf (got {other})"),
        };
        return node as JsonObject ?? throw StatusException.Create(400, "BadRequest", "the request body must be a JSON object");
    }

    public static JsonNode? ParseJson(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            throw StatusException.Create(400, "BadRequest", "the request body is empty");
        }

        try
        {
            return JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw StatusException.Create(400, "BadRequest", "the request body is not valid JSON: " + e.Message);
        }
    }

    public static JsonNode? ParseYaml(byte[] bytes)
    {
        try
        {
            return YamlDocument.ToJson(Encoding.UTF8.GetString(bytes));
        }
        catch (YamlException e)
        {
            throw StatusException.Create(400, "BadRequest", "the request body is not valid YAML: " + e.Message);
        }
    }

    private static JsonObject DecodeProtobuf(byte[] bytes)
    {
        try
        {
            return ProtobufObjectDecoder.Decode(bytes);
        }
        catch (ProtobufDecodeException e)
        {
            throw StatusException.Create(400, "BadRequest", e.Message);
        }
        catch (UnsupportedProtobufKindException e)
        {
            throw StatusException.Create(415, "UnsupportedMediaType", e.Message);
        }
    }

    private static StatusException TooLarge(long limit) =>
        StatusException.Create(413, "RequestEntityTooLarge", $"Request entity too large: limit is {limit}");
}
