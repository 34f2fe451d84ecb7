using System.Buffers.Text;
using System.Text.Json;

namespace Clusternet.ControlPlane.Storage;

/// <summary>
/// The opaque <c>continue</c> value: the snapshot's resourceVersion and the last key returned, so the next
/// page reads the same snapshot from just after that key. Base64url of a small JSON document.
/// </summary>
internal readonly record struct ContinueToken(string Resource, long ResourceVersion, ObjectName After)
{
    public string Encode()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, object> { ["r"] = Resource, ["rv"] = ResourceVersion, ["ns"] = After.Namespace, ["n"] = After.Name });
        return Base64Url.EncodeToString(json);
    }

    public static ContinueToken Decode(string token, string resource)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var root = document.RootElement;
            var decoded = new ContinueToken(
                root.GetProperty("r").GetString()!,
                root.GetProperty("rv").GetInt64(),
                new ObjectName(root.GetProperty("ns").GetString()!, root.GetProperty("n").GetString()!));
            if (decoded.Resource != resource || decoded.ResourceVersion <= 0)
            {
                throw new ArgumentException("the continue token does not belong to this list", nameof(token));
            }

            return decoded;
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException("the continue token is not valid", nameof(token), e);
        }
    }
}
