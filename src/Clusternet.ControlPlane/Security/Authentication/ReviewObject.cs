using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Rest;

namespace Clusternet.ControlPlane.Security.Authentication;

/// <summary>Reading the body of a computed create (a review, a TokenRequest) and writing the user it reports.</summary>
internal static class ReviewObject
{
    /// <summary>The request body as an object of <paramref name="kind"/>: a body naming another kind is a 400, as it fails to decode upstream.</summary>
    public static async Task<JsonObject> ReadAsync(ResourceRequest request, long limit, string kind, string groupVersion)
    {
        var body = await RequestBody.ReadObjectAsync(request.Context, limit).ConfigureAwait(false);
        if ((StoredFields.String(body["kind"]) is { } k && k != kind) || (StoredFields.String(body["apiVersion"]) is { } v && v != groupVersion))
        {
            throw ResourceErrors.BadRequest($"not a {kind}: the body is a {StoredFields.String(body["apiVersion"])} {StoredFields.String(body["kind"])}");
        }

        body["apiVersion"] = groupVersion;
        body["kind"] = kind;
        if (body["metadata"] is not JsonObject)
        {
            body["metadata"] = new JsonObject { ["creationTimestamp"] = null };
        }

        return body;
    }

    /// <summary><c>authentication.k8s.io/v1</c> UserInfo: empty fields are left out, as Go's omitempty does.</summary>
    public static JsonObject UserJson(UserInfo user)
    {
        var json = new JsonObject();
        if (user.Name.Length > 0)
        {
            json["username"] = user.Name;
        }

        if (user.Uid.Length > 0)
        {
            json["uid"] = user.Uid;
        }

        if (user.Groups.Count > 0)
        {
            json["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
        }

        if (user.Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in user.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                extra[key] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
            }

            json["extra"] = extra;
        }

        return json;
    }
}
