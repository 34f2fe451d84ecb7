using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>The few fields of stored Secrets, ServiceAccounts and Pods that credential checks read.</summary>
internal static class StoredFields
{
    public static string? Uid(JsonObject obj) => String(obj["metadata"]?["uid"]);

    /// <summary>Whether deletion has begun: a credential tied to an object on its way out no longer counts.</summary>
    public static bool IsDeleting(JsonObject obj) => obj["metadata"]?["deletionTimestamp"] is not null;

    public static string? Type(JsonObject obj) => String(obj["type"]);

    /// <summary>A Secret's <c>data</c> entry, decoded from base64; null when absent or malformed.</summary>
    public static byte[]? SecretValue(JsonObject secret, string key)
    {
        if (String(secret["data"]?[key]) is not { } encoded)
        {
            return null;
        }

        try
        {
            return Convert.FromBase64String(encoded);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string? String(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
