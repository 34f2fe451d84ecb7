using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Security.Tokens;

/// <summary>
/// Compact JWS tokens signed with RS256 (RFC 7515/7518), the only form kube-apiserver issues for service accounts:
/// <c>base64url(header).base64url(claims).base64url(signature)</c>, the signature over the first two parts.
/// </summary>
internal sealed class JsonWebToken
{
    private JsonWebToken(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Claims = claims;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonObject Header { get; }

    public JsonObject Claims { get; }

    private byte[] SigningInput { get; }

    private byte[] Signature { get; }

    /// <summary>Signs <paramref name="claims"/> with <paramref name="key"/> and returns the compact token.</summary>
    public static string Sign(JsonObject claims, RSA key, string keyId)
    {
        var header = new JsonObject { ["alg"] = "RS256", ["kid"] = keyId };
        var signingInput = Encode(header) + "." + Encode(claims);
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    /// <summary>
    /// Splits and decodes a compact token without checking its signature; null when it is not one (three base64url
    /// parts whose first two are JSON objects), so that other token kinds fall through to other authenticators.
    /// </summary>
    public static JsonWebToken? TryDecode(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0 || !Base64Url.IsValid(p)))
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) is not JsonObject header
                || JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) is not JsonObject claims)
            {
                return null;
            }

            return new JsonWebToken(header, claims, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2]));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>Whether the header names RS256 and the signature verifies with <paramref name="key"/>.</summary>
    public bool IsSignedBy(RSA key) =>
        Header["alg"] is JsonValue alg && alg.TryGetValue<string>(out var name) && name == "RS256"
        && key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>A string claim, or null when absent or not a string.</summary>
    public string? StringClaim(string name) => Claims[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A NumericDate claim (seconds since the epoch), or null when absent or not a number.</summary>
    public DateTimeOffset? TimeClaim(string name) =>
        Claims[name] is JsonValue value && value.TryGetValue<double>(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds((long)seconds) : null;

    /// <summary>The audiences: <c>aud</c> may be one string or an array of them (RFC 7519 §4.1.3).</summary>
    public IReadOnlyList<string> Audiences => Claims["aud"] switch
    {
        JsonValue one when one.TryGetValue<string>(out var single) => [single],
        JsonArray many => [.. many.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()],
        _ => [],
    };

    private static string Encode(JsonObject part) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(part));
}
