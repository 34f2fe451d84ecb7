using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Api.OpenApi;

/// <summary>The body an OpenAPI endpoint answers with.</summary>
public enum OpenApiFormat
{
    /// <summary>The JSON document.</summary>
    Json,

    /// <summary>The gnostic protobuf form of the Swagger 2.0 document (<see cref="OpenApiDocuments.SwaggerProtobuf"/>).</summary>
    Protobuf,
}

/// <summary>A negotiated OpenAPI answer.</summary>
/// <param name="Format">The body to send.</param>
/// <param name="ContentType">The Content-Type to send it with.</param>
public sealed record NegotiatedOpenApi(OpenApiFormat Format, string ContentType);

/// <summary>
/// Chooses the body of <c>/openapi/v2</c> and <c>/openapi/v3</c> answers from the Accept header. No answer is ever 406:
/// kubectl treats a failed download as "validation impossible" and refuses <c>create -f</c> and <c>apply -f</c>.
/// </summary>
/// <remarks>
/// kubectl (1.27 always, 1.32 during client-side apply) asks <c>/openapi/v2</c> with
/// <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c> and nothing else. client-go's v2 client
/// decodes whatever arrives as protobuf, so a JSON answer breaks kubectl 1.27; that request gets the protobuf document.
/// The Content-Type is kube-apiserver's spelling without the <c>@</c>, because Go's MIME parser rejects the <c>@</c> form
/// and kubectl 1.27 then fails the request. Everything else, protobuf requests to <c>/openapi/v3</c> included, gets JSON
/// (kubectl asks v3 with <c>application/json</c>; its v3 client never asks for protobuf).
/// </remarks>
public static class OpenApiNegotiation
{
    /// <summary>The Content-Type of JSON answers.</summary>
    public const string Json = "application/json";

    /// <summary>The Content-Type of the protobuf Swagger 2.0 document, as kube-apiserver sends it.</summary>
    public const string SwaggerProtobuf = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    private const string SwaggerProtobufSubtype = "com.github.proto-openapi.spec.v2";

    /// <summary>Chooses the <c>/openapi/v2</c> body.</summary>
    /// <param name="accept">The Accept header, or null.</param>
    public static NegotiatedOpenApi ForSwagger(string? accept)
    {
        foreach (var range in MediaRange.ParseAccept(accept))
        {
            if (range.Type == "application" && range.Subtype.StartsWith(SwaggerProtobufSubtype, StringComparison.Ordinal) && range.Subtype.EndsWith("+protobuf", StringComparison.Ordinal))
            {
                return new NegotiatedOpenApi(OpenApiFormat.Protobuf, SwaggerProtobuf);
            }

            if (range.AcceptsJson)
            {
                return new NegotiatedOpenApi(OpenApiFormat.Json, Json);
            }
        }

        return new NegotiatedOpenApi(OpenApiFormat.Json, Json);
    }

    /// <summary>Chooses the body of <c>/openapi/v3</c> and <c>/openapi/v3/&lt;group-version&gt;</c>: always JSON.</summary>
    /// <param name="accept">The Accept header, or null.</param>
    public static NegotiatedOpenApi ForOpenApi3(string? accept)
    {
        _ = accept;
        return new NegotiatedOpenApi(OpenApiFormat.Json, Json);
    }
}
