using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Api.Protobuf;

/// <summary>
/// Decodes an <c>application/vnd.kubernetes.protobuf</c> request body into the JSON object the client would have sent as
/// JSON. kubectl ≥ 1.32 sends such bodies for <c>create configmap|secret|namespace|deployment|service|serviceaccount</c> and <c>auth can-i</c>
/// and does not retry with JSON, so the server decodes them; it always answers in JSON.
/// </summary>
/// <remarks>
/// The body is the four bytes <c>k8s\0</c>, then a <c>runtime.Unknown</c> message: {1 typeMeta {1 apiVersion, 2 kind},
/// 2 raw, 3 contentEncoding, 4 contentType}. <c>raw</c> is the object's own message, which carries no type meta; the
/// envelope's apiVersion and kind pick its descriptor and are set on the result.
/// </remarks>
internal static class ProtobufObjectDecoder
{
    /// <summary>The media type of Kubernetes protobuf bodies.</summary>
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    private static readonly byte[] Magic = "k8s\0"u8.ToArray();

    private static readonly Dictionary<(string ApiVersion, string Kind), MessageDescriptor> Kinds = new()
    {
        [("v1", "ConfigMap")] = CoreMessages.ConfigMap,
        [("v1", "Secret")] = CoreMessages.Secret,
        [("v1", "Namespace")] = CoreMessages.Namespace,
        [("v1", "ServiceAccount")] = CoreMessages.ServiceAccount,
        [("v1", "Service")] = CoreMessages.Service,
        [("apps/v1", "Deployment")] = AppsMessages.Deployment,
        [("authentication.k8s.io/v1", "TokenRequest")] = AuthenticationMessages.TokenRequest,
        [("authentication.k8s.io/v1", "TokenReview")] = AuthenticationMessages.TokenReview,
        [("authentication.k8s.io/v1", "SelfSubjectReview")] = AuthenticationMessages.SelfSubjectReview,
        [("authorization.k8s.io/v1", "SubjectAccessReview")] = AuthorizationMessages.SubjectAccessReview,
        [("authorization.k8s.io/v1", "LocalSubjectAccessReview")] = AuthorizationMessages.LocalSubjectAccessReview,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = AuthorizationMessages.SelfSubjectAccessReview,
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = AuthorizationMessages.SelfSubjectRulesReview,
    };

    /// <summary>Whether bodies of <paramref name="apiVersion"/>/<paramref name="kind"/> can be decoded.</summary>
    /// <param name="apiVersion">e.g. <c>apps/v1</c>.</param>
    /// <param name="kind">e.g. <c>Deployment</c>.</param>
    /// <returns>True for the kinds kubectl's generators create.</returns>
    public static bool IsSupported(string apiVersion, string kind) => Kinds.ContainsKey((apiVersion, kind));

    /// <summary>Decodes <paramref name="body"/>.</summary>
    /// <param name="body">The whole request body.</param>
    /// <returns>The object, with <c>kind</c> and <c>apiVersion</c> first, as Go writes them.</returns>
    /// <exception cref="ProtobufDecodeException">The body is malformed (400).</exception>
    /// <exception cref="UnsupportedProtobufKindException">The body is well formed but its kind has no decoder (415).</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new ProtobufDecodeException(
                "invalid protobuf body: it does not begin with the Kubernetes protobuf prefix 6b 38 73 00 (\"k8s\\0\")");
        }

        var envelope = ReadEnvelope(body);
        if (envelope.Kind.Length == 0)
        {
            throw new ProtobufDecodeException("invalid protobuf body: the envelope has no kind");
        }

        if (envelope.ContentEncoding.Length != 0)
        {
            throw new ProtobufDecodeException(
                $"invalid protobuf body: content encoding \"{envelope.ContentEncoding}\" is not supported");
        }

        if (!Kinds.TryGetValue((envelope.ApiVersion, envelope.Kind), out var descriptor))
        {
            throw new UnsupportedProtobufKindException(envelope.ApiVersion, envelope.Kind);
        }

        var fields = MessageDecoder.Decode(body, envelope.RawStart, envelope.RawEnd, descriptor, envelope.Kind);
        var result = new JsonObject
        {
            ["kind"] = envelope.Kind,
            ["apiVersion"] = envelope.ApiVersion,
        };
        foreach (var property in fields.ToList())
        {
            fields.Remove(property.Key);
            result[property.Key] = property.Value;
        }

        return result;
    }

    private static Envelope ReadEnvelope(ReadOnlySpan<byte> body)
    {
        var envelope = new Envelope { RawStart = body.Length, RawEnd = body.Length };
        var reader = new WireReader(body, Magic.Length, body.Length, "runtime.Unknown");
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag(out var tagOffset);
            if (number is < 1 or > 4)
            {
                reader.Skip(number, wireType);
                continue;
            }

            if (wireType != WireType.LengthDelimited)
            {
                throw reader.Malformed($"field {number} of runtime.Unknown has wire type {(int)wireType}, expected 2", tagOffset);
            }

            var (start, end) = reader.ReadLengthDelimited();
            switch (number)
            {
                case 1:
                    ReadTypeMeta(body, start, end, ref envelope);
                    break;
                case 2:
                    (envelope.RawStart, envelope.RawEnd) = (start, end);
                    break;
                case 3:
                    envelope.ContentEncoding = Encoding.UTF8.GetString(body[start..end]);
                    break;
            }
        }

        return envelope;
    }

    private static void ReadTypeMeta(ReadOnlySpan<byte> body, int start, int end, ref Envelope envelope)
    {
        var reader = new WireReader(body, start, end, "runtime.Unknown.typeMeta");
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadTag(out var tagOffset);
            if (number is not (1 or 2))
            {
                reader.Skip(number, wireType);
                continue;
            }

            if (wireType != WireType.LengthDelimited)
            {
                throw reader.Malformed($"field {number} of TypeMeta has wire type {(int)wireType}, expected 2", tagOffset);
            }

            var (valueStart, valueEnd) = reader.ReadLengthDelimited();
            var value = Encoding.UTF8.GetString(body[valueStart..valueEnd]);
            if (number == 1)
            {
                envelope.ApiVersion = value;
            }
            else
            {
                envelope.Kind = value;
            }
        }
    }

    private struct Envelope
    {
        public string ApiVersion { get; set; }

        public string Kind { get; set; }

        public string ContentEncoding { get; set; }

        public int RawStart { get; set; }

        public int RawEnd { get; set; }

        public Envelope()
        {
            ApiVersion = string.Empty;
            Kind = string.Empty;
            ContentEncoding = string.Empty;
        }
    }
}
