using System.Security.Cryptography;
using System.Text;

namespace Clusternet.Runtime.Tunnel;

/// <summary>The RFC 6455 opening handshake's key arithmetic, done by hand because both ends take the raw upgraded stream.</summary>
internal static class WebSocketHandshake
{
    // RFC 6455 §1.3: the accept value is base64(SHA-1(key + this GUID)).
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /// <summary>A fresh Sec-WebSocket-Key: 16 random bytes, base64.</summary>
    public static string CreateKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));

    /// <summary>The Sec-WebSocket-Accept value a server returns for <paramref name="key"/>.</summary>
    public static string ComputeAccept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + AcceptGuid)));

    /// <summary>Whether <paramref name="key"/> is a well-formed Sec-WebSocket-Key (16 bytes in base64).</summary>
    public static bool IsValidKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        Span<byte> decoded = stackalloc byte[24];
        return Convert.TryFromBase64String(key.Trim(), decoded, out var written) && written == 16;
    }
}
