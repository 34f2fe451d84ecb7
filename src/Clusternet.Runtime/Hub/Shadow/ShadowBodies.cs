using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// Request and response bodies of the shadow API: JSON or YAML, never protobuf (upstream's hub removes the protobuf
/// serializer too, since it cannot describe arbitrary kinds).
/// </summary>
internal static partial class ShadowBodies
{
    private const int MaxBodyBytes = 3 * 1024 * 1024;

    /// <summary>The media type of the request body, without parameters, lowercased.</summary>
    public static string MediaType(HttpRequest request) =>
        (request.ContentType ?? "application/json").Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>Reads the body as JSON (any JSON-based media type) or YAML; 415 for anything else.</summary>
    public static async Task<JsonNode?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var mediaType = MediaType(request);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (buffer.Length > MaxBodyBytes)
        {
            throw new ShadowException(System.Net.HttpStatusCode.RequestEntityTooLarge, ShadowStatus.Failure(
                System.Net.HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge", "the request body is larger than 3 MiB"));
        }

        if (buffer.Length == 0)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (mediaType.Contains("protobuf", StringComparison.Ordinal) || mediaType.Contains("cbor", StringComparison.Ordinal))
        {
            throw ShadowStatus.UnsupportedMediaType($"the shadow API does not accept {mediaType}; send JSON or YAML");
        }

        if (mediaType.Contains("yaml", StringComparison.Ordinal))
        {
            return FromYaml(text);
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException exception)
        {
            throw ShadowStatus.BadRequest("the request body is not valid JSON: " + exception.Message);
        }
    }

    /// <summary>Whether the client takes YAML only (JSON is answered whenever it is acceptable); 406 when it takes neither.</summary>
    public static bool WantsYaml(HttpRequest request)
    {
        var accept = request.Headers.Accept.ToString();
        if (string.IsNullOrWhiteSpace(accept))
        {
            return false;
        }

        var types = accept.Split(',').Select(t => t.Split(';')[0].Trim().ToLowerInvariant()).ToList();
        if (types.Any(t => t is "application/json" or "*/*" or "application/*" or "application/json-seq" or "application/jsonl"))
        {
            return false;
        }

        if (types.Contains("application/yaml"))
        {
            return true;
        }

        throw ShadowStatus.NotAcceptable("only the following media types are accepted: application/json, application/yaml");
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        bool yaml;
        try
        {
            yaml = WantsYaml(context.Request);
        }
        catch (ShadowException)
        {
            yaml = false;
        }

        response.ContentType = yaml ? "application/yaml" : "application/json";
        var bytes = yaml ? Encoding.UTF8.GetBytes(ToYaml(body)) : JsonSerializer.SerializeToUtf8Bytes(body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>YAML (one document) to JSON, resolving plain scalars with the YAML 1.2 core schema as Kubernetes does.</summary>
    public static JsonNode? FromYaml(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException exception)
        {
            throw ShadowStatus.BadRequest("the request body is not valid YAML: " + exception.Message);
        }

        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? "", Convert(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw ShadowStatus.BadRequest("YAML aliases are not supported in the shadow API"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        if (value is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (value is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (value is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (Integer().IsMatch(value) && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (Float().IsMatch(value) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return JsonValue.Create(real);
        }

        return JsonValue.Create(value);
    }

    private static string ToYaml(JsonNode node)
    {
        var builder = new StringBuilder();
        WriteYaml(builder, node, 0, inList: false);
        return builder.ToString();
    }

    private static void WriteYaml(StringBuilder builder, JsonNode? node, int indent, bool inList)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case JsonObject { Count: > 0 } map:
                var first = true;
                foreach (var (key, value) in map)
                {
                    builder.Append(first && inList ? "" : pad).Append(Quote(key)).Append(':');
                    first = false;
                    WriteChild(builder, value, indent);
                }

                break;
            case JsonArray { Count: > 0 } list:
                foreach (var item in list)
                {
                    builder.Append(pad).Append("- ");
                    if (item is JsonObject { Count: > 0 } or JsonArray { Count: > 0 })
                    {
                        WriteYaml(builder, item, indent + 2, inList: true);
                    }
                    else
                    {
                        builder.Append(Inline(item)).Append('\n');
                    }
                }

                break;
            default:
                builder.Append(pad).Append(Inline(node)).Append('\n');
                break;
        }
    }

    private static void WriteChild(StringBuilder builder, JsonNode? value, int indent)
    {
        if (value is JsonObject { Count: > 0 })
        {
            builder.Append('\n');
            WriteYaml(builder, value, indent + 2, inList: false);
        }
        else if (value is JsonArray { Count: > 0 })
        {
            builder.Append('\n');
            WriteYaml(builder, value, indent, inList: false);
        }
        else
        {
            builder.Append(' ').Append(Inline(value)).Append('\n');
        }
    }

    // JSON is valid YAML flow syntax: scalars and empty collections are written as JSON, which quotes every string.
    private static string Inline(JsonNode? node) => node is null ? "null" : node.ToJsonString();

    private static string Quote(string key) => JsonSerializer.Serialize(key);

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Float();
}
