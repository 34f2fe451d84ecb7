using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;

namespace Clusternet.ControlPlane.Security.Authorization.Reviews;

/// <summary>
/// Typed reads of a review's JSON body. A field of the wrong JSON type is a decode failure, which kube-apiserver answers
/// with 400 <c>&lt;Kind&gt; in version "v1" cannot be handled as a &lt;Kind&gt;: …</c>; absent and null fields read as empty.
/// </summary>
internal sealed class ReviewBody(string kind)
{
    public string Kind { get; } = kind;

    public JsonObject? Object(JsonObject? parent, string field, string path) => parent?[field] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw Undecodable(path, "an object"),
    };

    public string String(JsonObject? parent, string field, string path) => parent?[field] switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw Undecodable(path, "a string"),
    };

    public List<string> Strings(JsonObject? parent, string field, string path) => parent?[field] switch
    {
        null => [],
        JsonArray a => [.. a.Select((item, i) => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Undecodable($"{path}[{i}]", "a string"))],
        _ => throw Undecodable(path, "an array of strings"),
    };

    public Dictionary<string, List<string>> StringLists(JsonObject? parent, string field, string path)
    {
        var map = Object(parent, field, path);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (key, _) in map ?? [])
        {
            result[key] = Strings(map, key, path + "." + key);
        }

        return result;
    }

    private StatusException Undecodable(string path, string expected) =>
        StatusException.Create(400, "BadRequest", $"{Kind} in version \"v1\" cannot be handled as a {Kind}: {path} must be {expected}");
}
